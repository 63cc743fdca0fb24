/// Bulk samplers.
///
/// Float32 fills (`fillUniform`, `fillNormal`, `fillExponential`, `fillLaplace`,
/// `fillDirichletOnes`) read stream elements `offset ..< offset + out.count` in the lane
/// layout of `LaneLayout` (element indices wrap modulo 2⁶⁴): `out[k]` is a pure function
/// of `(stream, offset + k)`, so the output never depends on `threads` or on how a caller
/// splits a range into several calls. Float64 fills (`fillGamma`, `fillBetaPrime`) draw
/// `out[i]` from `stream.substream(i).makeSource()`, likewise independent of `threads`.
///
/// Invalid parameters (NaN, infinite, or outside the documented range) fill the whole
/// buffer with NaN; nothing traps. `threads < 1` is treated as 1.
public enum Samplers {}
