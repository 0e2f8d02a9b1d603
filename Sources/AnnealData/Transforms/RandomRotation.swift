// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation

/// Rotates the image by an angle drawn uniformly from `degrees` (PyTorch:
/// `transforms.RandomRotation(degrees, fill=0)` on tensors, with its default nearest-neighbour
/// interpolation, `expand=False` and the image's centre): one `torch.empty(1).uniform_(low, high)`
/// per image, then ``rotate(_:angle:fill:)``.
public struct RandomRotation: Transform {
  /// The range of angles in degrees, counter-clockwise.
  public let degrees: (low: Double, high: Double)
  /// The value of the pixels that come from outside the image.
  public let fill: Float
  /// The random source.
  public let generator: Generator

  /// Creates the transform for angles in `-degrees ... degrees` (`degrees` must not be negative).
  public init(_ degrees: Double, fill: Float = 0, generator: Generator = .default) {
    check(degrees >= 0, "If degrees is a single number, it must be positive.")
    self.init(degrees: (-degrees, degrees), fill: fill, generator: generator)
  }

  /// Creates the transform for angles in `degrees.low ... degrees.high`.
  public init(degrees: (low: Double, high: Double), fill: Float = 0, generator: Generator = .default) {
    check(
      degrees.low <= degrees.high && degrees.low.isFinite && degrees.high.isFinite,
      "RandomRotation: degrees should be a finite range (low, high) with low <= high, got \(degrees)")
    self.degrees = degrees
    self.fill = fill
    self.generator = generator
  }

  public func callAsFunction(_ image: Tensor) -> Tensor {
    // torchvision draws the angle into a float32 tensor and reads it back as a Python float.
    let draw = Tensor.empty([1])
    draw.fillUniform(low: Float(degrees.low), high: Float(degrees.high), generator: generator)
    return rotate(image, angle: Double(draw.item()), fill: fill)
  }
}

/// The image `[..., H, W]` rotated by `angle` degrees counter-clockwise about its centre, each
/// output pixel taking its nearest source pixel and `fill` where that lies outside (PyTorch:
/// `torchvision.transforms.functional.rotate(img, angle, fill=[fill])` on a float tensor, with
/// nearest interpolation and `expand=False`).
///
/// As torchvision: the inverse rotation's matrix in double precision, rounded to float32 and
/// divided by half the image size; the sampling grid from pixel centres; then `grid_sample`'s
/// nearest neighbour with `align_corners=False` (coordinates rounded half to even).
public func rotate(_ image: Tensor, angle: Double, fill: Float = 0) -> Tensor {
  check(image.rank >= 2, "rotate: expected an image [..., H, W], got \(image.shape)")
  check(angle.isFinite, "rotate: the angle must be finite, got \(angle)")
  let (h, w) = (image.shape[image.rank - 2], image.shape[image.rank - 1])
  let source = image.to(.float32).contiguous().reshape([-1, h * w])
  let planes = source.shape[0]
  // torchvision's _get_inverse_affine_matrix(center=0, -angle, translate=0, scale=1, shear=0).
  let radians = -angle * (Double.pi / 180)
  let (cosine, sine) = (cos(radians), sin(radians))
  let theta = (Float(cosine), Float(sine), Float(-sine), Float(cosine))
  // theta transposed, divided by [w/2, h/2] in float32 (its translation column is 0).
  let (halfW, halfH) = (Float(0.5 * Double(w)), Float(0.5 * Double(h)))
  let (r00, r01, r10, r11) = (theta.0 / halfW, theta.2 / halfH, theta.1 / halfW, theta.3 / halfH)
  let (scaleX, scaleY) = (Float(w) / 2, Float(h) / 2)
  // Each output pixel's source index, or −1 outside.
  var sources = [Int](repeating: -1, count: h * w)
  for oy in 0..<h {
    let by = Float(-Double(h) * 0.5 + 0.5) + Float(oy)
    for ox in 0..<w {
      let bx = Float(-Double(w) * 0.5 + 0.5) + Float(ox)
      let gx = bx * r00 + by * r10 + 0
      let gy = bx * r01 + by * r11 + 0
      let x = ((gx + 1) * scaleX - 0.5).rounded(.toNearestOrEven)
      let y = ((gy + 1) * scaleY - 0.5).rounded(.toNearestOrEven)
      if x >= 0 && x < Float(w) && y >= 0 && y < Float(h) { sources[oy * w + ox] = Int(y) * w + Int(x) }
    }
  }
  let values = source.scalars
  var out = [Float](repeating: fill, count: planes * h * w)
  for plane in 0..<planes {
    for (o, s) in sources.enumerated() where s >= 0 { out[plane * h * w + o] = values[plane * h * w + s] }
  }
  return Tensor(out, shape: image.shape)
}
