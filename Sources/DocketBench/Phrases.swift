/// Chinese text of the lengths real case notes have, varied by index so operations differ like real ones
/// (identical strings would compress and cache unrealistically well).
enum Phrases {
    static let staff = ["黄敏", "王磊", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "周杰", "吴芳"]
    static let departments = ["客服中心", "技术支持部", "质检部", "售后维修部", "物流部", "财务部"]
    static let products = ["空调", "冰箱", "洗衣机", "热水器", "油烟机", "电视机", "净水器", "扫地机器人"]
    static let problems = [
        "维修后仍然漏水", "安装师傅迟到两个小时", "送货时外包装破损", "使用一周后无法开机", "噪音明显比样机大",
        "退款迟迟没有到账", "客服电话一直占线", "更换配件后故障依旧", "上门人员态度生硬", "发票信息开错",
    ]
    static let demands = [
        "要求免费上门复检并给出书面说明", "希望尽快更换新机", "要求退还全部货款", "希望得到正式道歉", "要求补偿上门误工费用",
    ]
    static let needs = [
        "客户更在意被重视，希望有专人跟进", "担心再次出现同样问题影响家人使用", "对品牌仍有信任，希望问题彻底解决",
        "时间紧张，希望一次处理到位", "曾多次投诉未果，情绪积累较多",
    ]
    static let outcomes = [
        "客户同意等待工程师上门复检", "已致歉并说明处理流程，客户表示理解", "客户情绪有所缓和，约定明天再次联系",
        "客户仍不满意，要求升级处理", "双方就补偿方案达成初步一致",
    ]
    static let tags = ["漏水", "延误", "态度", "退款", "安装", "配件", "噪音", "物流"]

    static func pick(_ list: [String], _ index: Int) -> String {
        list[abs(index) % list.count]
    }

    static func summary(_ index: Int) -> String {
        "\(pick(self.products, index))\(pick(self.problems, index / 7))（第\(index)号）"
    }

    static func details(_ index: Int) -> String {
        "客户于第\(index % 28 + 1)天来电反映\(pick(self.products, index))\(pick(self.problems, index / 3))，"
            + "此前已报修\(index % 3 + 1)次，本次要求\(pick(self.demands, index))。已核对购买记录和保修期。"
    }
}
