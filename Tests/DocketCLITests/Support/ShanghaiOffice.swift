import DocketTestSupport

extension TemporaryDirectory {
    /// The office most CLI tests start from: sh-pudong (office SH01), staffed by 王磊, with one customer,
    /// 张伟 (`cust-sh-pudong-1`).
    func shanghaiWithCustomer() throws -> DocketProcess {
        let office = self.office("sh", staff: "王磊")
        try office.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        try office.ok(["customer", "add", "--name", "张伟"])
        return office
    }
}
