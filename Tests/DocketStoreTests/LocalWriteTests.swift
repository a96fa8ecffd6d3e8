import DocketCore
import DocketStore
import Foundation
import Testing

@Suite struct LocalWriteTests {
    @Test func commitsNumberDotsAndStampRecordClocks() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let customer = try replica.addCustomer()
        let (ref, operations) = try replica.write(author: "李娜", now: Fixtures.morning) { writer in
            #expect(writer.nextDot == Dot(node: Fixtures.pudong, seq: 2))
            let ref = RecordRef.created(by: writer.nextDot, kind: .case)
            let changes = try CaseDesk.open(
                Fixtures.intake(customer: customer.id), ref: try writer.takeCaseReference(), office: writer.officeCode,
                openedBy: "李娜", now: Fixtures.morning)
            try writer.commit(changes, to: ref)
            // Reads inside the change see what it has committed so far.
            #expect(try writer.findCase(ref.id).status == .received)
            try writer.commit(try CaseDesk.move(
                try writer.findCase(ref.id), to: .acknowledged, reason: nil, now: writer.now, followUpDelay: 0), to: ref)
            return ref
        }
        #expect(ref.id == "case-sh-pudong-2")
        #expect(operations.map(\.dot.seq) == [2, 3])
        #expect(operations[0].clock == VectorClock())
        #expect(operations[1].clock == VectorClock([Fixtures.pudong: 2]))
        #expect(operations.allSatisfy { $0.author == "李娜" })
        #expect(operations[0].timestamp < operations[1].timestamp)

        // A wall clock that goes back still gives later timestamps and the next dot.
        let later = try replica.change(ref, now: Fixtures.morning - 5 * Fixtures.hour) {
            try Fixtures.handoff($0, to: "技术支持部", owner: "王磊")
        }
        #expect(later.map(\.dot.seq) == [4])
        #expect(later[0].clock == VectorClock([Fixtures.pudong: 3]))
        #expect(later[0].timestamp > operations[1].timestamp)
        #expect(try replica.vector() == VersionVector([Fixtures.pudong: 4]))
        #expect(try replica.caseView(ref.id).department == "技术支持部")
    }

    @Test func caseReferencesAreOfficeCodeAndSixDigits() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let customer = try replica.addCustomer()
        let first = try replica.openCase(customer: customer)
        let second = try replica.openCase(customer: customer, summary: "退款三周未到账")
        #expect(try replica.caseView(first.id).ref == "SH01-000001")
        #expect(try replica.caseView(second.id).ref == "SH01-000002")
        // A change that fails takes no number.
        #expect(throws: InputError.self) {
            try replica.write(author: "李娜", now: Fixtures.morning) { writer in
                _ = try writer.takeCaseReference()
                throw InputError(field: "summary", "must not be empty")
            }
        }
        let third = try replica.openCase(customer: customer)
        #expect(try replica.caseView(third.id).ref == "SH01-000003")
        #expect(try replica.caseView("SH01-000003").id == third.id)
    }

    @Test func aFailedChangeWritesNothing() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let customer = try replica.addCustomer()
        let ref = try replica.openCase(customer: customer)
        let digest = try replica.stateDigest()
        // The first commit is fine, the second does not fit the schema: neither is stored.
        #expect {
            try replica.write(author: "王磊", now: Fixtures.morning) { writer in
                try writer.commit([.set(field: "emotion", value: .text("calm"))], to: ref)
                try writer.commit([.set(field: "emotion", value: .text("平静"))], to: ref)
            }
        } throws: { error in
            guard case .invalidOperation(let dot, _) = error as? StoreError else { return false }
            return dot == Dot(node: Fixtures.pudong, seq: 4)
        }
        #expect(try replica.stateDigest() == digest)
        #expect(try replica.vector() == VersionVector([Fixtures.pudong: 2]))
        // Workflow refusals happen before anything is written too.
        #expect {
            try replica.change(ref, now: Fixtures.morning) { try CaseDesk.move($0, to: .received, reason: nil, now: 0, followUpDelay: 0) }
        } throws: { ($0 as? InputError)?.field == "status" }
        #expect(try replica.stateDigest() == digest)
        #expect { try replica.write(author: " ", now: 0) { _ in } } throws: { ($0 as? InputError)?.field == "author" }
        #expect(throws: StoreError.notFound(kind: .case, key: "SH01-000404")) {
            try replica.write(author: "王磊", now: 0) { try $0.findCase("SH01-000404") }
        }
    }

    /// A change to a case's fields finds it as `findCase` does, by id or by reference, without its
    /// entries, and a key that names no case is refused the same way.
    @Test func locatingACaseFindsWhatFindCaseFinds() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let customer = try replica.addCustomer()
        let (ref, _) = try replica.write(author: "李娜", now: Fixtures.morning) { writer in
            let ref = RecordRef.created(by: writer.nextDot, kind: .case)
            try writer.commit(try CaseDesk.open(
                Fixtures.intake(customer: customer.id), ref: try writer.takeCaseReference(), office: writer.officeCode,
                openedBy: "李娜", now: Fixtures.morning), to: ref)
            try writer.commit([.append(entry: .commitment(try Commitment(text: "48小时内回电", owner: "王磊", due: Fixtures.morning)))], to: ref)
            // Opened in this very transaction, before its row in `cases` is written.
            #expect(try writer.locateCase(ref.id).name == "SH01-000001")
            #expect(try writer.locateCase(ref.id).reference == (try writer.findCase(ref.id)).ref)
            return ref
        }
        _ = try replica.write(author: "王磊", now: Fixtures.morning) { writer in
            for key in [ref.id, "SH01-000001", "sh01-000001"] {
                let location = try writer.locateCase(key)
                let view = try writer.findCase(key)
                #expect(location.record == view.state.ref)
                #expect(location.reference == view.ref)
                #expect(location.name == "SH01-000001")
                #expect(view.entries.count == 1)
            }
            // The same refusal, suggestion included, as `findCase` gives.
            for key in ["SH01-000404", customer.id] {
                var refusals: [String] = []
                for find in [{ _ = try writer.locateCase(key) }, { _ = try writer.findCase(key) }] {
                    do { try find() } catch { refusals.append("\(type(of: error)): \(error)") }
                }
                #expect(refusals.count == 2 && refusals[0] == refusals[1], "\(refusals)")
            }
        }
    }

    @Test func createOpenAndRefusals() throws {
        let scratch = try Scratch()
        let path = scratch.path("sh.sqlite")
        #expect(throws: StoreError.notInitialized(path: path)) { try Replica.open(at: path) }
        #expect { try Replica.create(at: path, node: Fixtures.pudong, officeCode: "sh01", now: 0) } throws: {
            ($0 as? InputError)?.field == "office"
        }
        #expect(!FileManager.default.fileExists(atPath: path), "a refused create leaves no file")
        do {
            let replica = try Replica.create(at: path, node: Fixtures.pudong, officeCode: "SH01", now: Fixtures.morning)
            try replica.openCase(customer: try replica.addCustomer())
        }
        #expect(throws: StoreError.alreadyInitialized(path: path)) {
            try Replica.create(at: path, node: Fixtures.chaoyang, officeCode: "BJ02", now: 0)
        }
        let reopened = try Replica.open(at: path)
        #expect(reopened.node == Fixtures.pudong)
        #expect(reopened.officeCode == "SH01")
        #expect(try reopened.vector() == VersionVector([Fixtures.pudong: 2]))
        #expect(try reopened.counts() == .init(operations: 2, cases: 1, customers: 1, openConflicts: 0))
        #expect(try reopened.integrityCheck() == ["ok"])
        // The case counter survives reopening.
        #expect(try reopened.caseView(try reopened.openCase(customer: RecordRef(kind: .customer, id: "cust-sh-pudong-1")).id).ref == "SH01-000002")
    }
}
