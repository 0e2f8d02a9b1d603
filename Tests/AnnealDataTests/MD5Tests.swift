// Copyright © 2026 the Anneal authors.

import AnnealData
import Foundation
import Testing
import _AnnealTestSupport

@Suite struct MD5Tests {
  @Test(arguments: [
    ("", "d41d8cd98f00b204e9800998ecf8427e"),
    ("a", "0cc175b9c0f1b6a831c399e269772661"),
    ("abc", "900150983cd24fb0d6963f7d28e17f72"),
    ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    (
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
      "57edf4a22be3c955ac49da2e2107b67a"
    ),
  ])
  func rfc1321TestSuite(_ input: String, _ digest: String) {
    #expect(MD5.hex(Array(input.utf8)) == digest)
  }

  @Test func publishedChecksumsOfTheRealFiles() throws {
    for resource in MNIST.trainResources + MNIST.testResources {
      let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.mnistDirectory + "/" + resource.name + ".gz"))
      #expect(MD5.hex(try Gzip.decompress(data, path: resource.name, limit: 1 << 30)) == resource.md5)
    }
  }
}
