// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Testing
import _AnnealTestSupport

@Suite struct PythonReprTests {
  struct Fixture: Decodable {
    let values: [Double]
    let reprs: [String]
  }

  @Test func matchesPythonRepr() throws {
    let f = try Fixtures.load(Fixture.self, named: "repr.json", in: .module)
    #expect(f.values.map(PythonRepr.repr) == f.reprs)
    #expect(PythonRepr.repr([0.1, 0.010000000000000002]) == "[0.1, 0.010000000000000002]")
    #expect(PythonRepr.repr([]) == "[]")
  }
}
