// Winograd F(2×2, 3×3) for 3×3, stride-1, padding-1 convolutions (Lavin & Gray 2016): each 2×2
// block of outputs comes from a 4×4 input tile with 16 multiplications per (input, output)
// channel pair instead of 36, i.e. 2.25× fewer. With d a 4×4 input tile and g a 3×3 filter,
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
// and the elementwise product summed over input channels is 16 GEMMs (one per tile position ξ):
//   M[ξ] (O × T) = U[ξ] (O × C) · V[ξ] (C × T),   U = G g Gᵀ (at load),  V = Bᵀ d B (per tile).
// The transforms run a row of tiles at a time as contiguous vector loops (even/odd input columns
// split first), and the tiles are processed in chunks of whole tile rows that fit in the L2 cache.
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 −1 −1].

/// Transformed filters U[ξ][o][c] (16 × O × C), computed in Double from PyTorch-order weights.
func winogradFilters(_ weight: [Float], outChannels o: Int, inChannels c: Int) -> [Float] {
    var u = [Float](repeating: 0, count: 16 * o * c)
    for oc in 0..<o {
        for ic in 0..<c {
            let g = (0..<9).map { Double(weight[(oc * c + ic) * 9 + $0]) }
            // G·g (4 × 3), then (G·g)·Gᵀ (4 × 4).
            var gg = [Double](repeating: 0, count: 12)
            for j in 0..<3 {
                let g0 = g[j], g1 = g[3 + j], g2 = g[6 + j]
                gg[j] = g0
                gg[3 + j] = 0.5 * (g0 + g1 + g2)
                gg[6 + j] = 0.5 * (g0 - g1 + g2)
                gg[9 + j] = g2
            }
            for i in 0..<4 {
                let r0 = gg[3 * i], r1 = gg[3 * i + 1], r2 = gg[3 * i + 2]
                let row = [r0, 0.5 * (r0 + r1 + r2), 0.5 * (r0 - r1 + r2), r2]
                for j in 0..<4 { u[((4 * i + j) * o + oc) * c + ic] = Float(row[j]) }
            }
        }
    }
    return u
}

/// Chunk budget for V and M together (floats): 256 K floats = 1 MB, about one core's L2.
let winogradChunkBudget = 1 << 18

/// out (O × n × H × W, CNHW) = relu?(conv3×3(x) + bias) with stride 1 and padding 1, via F(2×2, 3×3).
func winogradConvolution(
    input x: UnsafePointer<Float>, channels c: Int, batch n: Int, height h: Int, width w: Int,
    filters u: UnsafePointer<Float>, outChannels o: Int, bias: [Float]?, relu: Bool,
    output y: UnsafeMutablePointer<Float>, workspace: Workspace
) {
    let tilesH = (h + 1) / 2, tilesW = (w + 1) / 2
    let tileRows = n * tilesH
    let rowsPerChunk = max(1, min(tileRows, winogradChunkBudget / (16 * (c + o) * tilesW)))
    let chunkTiles = rowsPerChunk * tilesW
    var v = workspace.take(16 * c * chunkTiles)
    var m = workspace.take(16 * o * chunkTiles)
    // A zero row, then step 1's output for every (channel, tile row) of a chunk.
    let combined = winogradCombinedCount(width: w)
    var scratch = workspace.take(w + c * rowsPerChunk * combined)
    scratch.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: 0, count: w) }
    v.withUnsafeMutableBufferPointer { vb in
        m.withUnsafeMutableBufferPointer { mb in
            scratch.withUnsafeMutableBufferPointer { sb in
                let vp = vb.baseAddress!, mp = mb.baseAddress!, sp = sb.baseAddress!
                var r0 = 0
                while r0 < tileRows {
                    let rows = min(rowsPerChunk, tileRows - r0)
                    let tiles = rows * tilesW
                    for ch in 0..<c {
                        for r in 0..<rows {
                            let img = (r0 + r) / tilesH, ty = (r0 + r) % tilesH
                            winogradCombineRows(
                                plane: x + (ch * n + img) * h * w, height: h, width: w, tileY: ty, tilesW: tilesW,
                                zero: sp, into: sp + w + (ch * rows + r) * combined)
                        }
                    }
                    for ch in 0..<c {
                        for r in 0..<rows {
                            winogradTransformColumns(
                                sp + w + (ch * rows + r) * combined, tilesW: tilesW,
                                into: vp + ch * chunkTiles + r * tilesW, xiStride: c * chunkTiles)
                        }
                    }
                    for xi in 0..<16 {
                        sgemm(m: o, n: tiles, k: c, a: u + xi * o * c, lda: c,
                              b: vp + xi * c * chunkTiles, ldb: chunkTiles,
                              c: mp + xi * o * chunkTiles, ldc: chunkTiles)
                    }
                    for oc in 0..<o {
                        let b = bias?[oc] ?? 0
                        for r in 0..<rows {
                            let img = (r0 + r) / tilesH, ty = (r0 + r) % tilesH
                            winogradOutputRow(
                                from: mp + oc * chunkTiles + r * tilesW, xiStride: o * chunkTiles, tilesW: tilesW,
                                plane: y + (oc * n + img) * h * w, height: h, width: w, tileY: ty,
                                bias: b, relu: relu)
                        }
                    }
                    r0 += rows
                }
            }
        }
    }
    workspace.recycle(v)
    workspace.recycle(m)
    workspace.recycle(scratch)
}

/// Step 1 of V = Bᵀ d B for tile row `tileY` of one channel plane: the four input rows
/// 2·ty − 1 … 2·ty + 2 (a zero row outside the plane), combined by Bᵀ into t0 = d0 − d2,
/// t1 = d1 + d2, t2 = d2 − d1, t3 = d1 − d3, each stored as 2·tilesW + 2 floats with one zero
/// column in front and zeros past the plane: t[x + 1] is input column x. `zero` is a zero row of
/// `w` floats.
@inline(__always)
private func winogradCombineRows(
    plane: UnsafePointer<Float>, height h: Int, width w: Int, tileY ty: Int, tilesW: Int,
    zero: UnsafePointer<Float>, into comb: UnsafeMutablePointer<Float>
) {
    let padded = 2 * tilesW + 2
    let y0 = 2 * ty - 1
    @inline(__always) func row(_ i: Int) -> UnsafePointer<Float> {
        let yy = y0 + i
        return (yy >= 0 && yy < h) ? plane + yy * w : zero
    }
    let d0 = row(0), d1 = row(1), d2 = row(2), d3 = row(3)
    for i in 0..<4 {
        let t = comb + i * padded
        t[0] = 0
        for x in w + 1..<padded { t[x] = 0 }
        switch i {
        case 0: combineRows(d0, d2, sign: -1, into: t + 1, count: w)
        case 1: combineRows(d1, d2, sign: 1, into: t + 1, count: w)
        case 2: combineRows(d2, d1, sign: -1, into: t + 1, count: w)
        default: combineRows(d1, d3, sign: -1, into: t + 1, count: w)
        }
    }
}

/// Step 2: the columns of tile tx are t[2tx … 2tx + 3] = c0 … c3, combined by B as c0 − c2,
/// c1 + c2, c2 − c1, c1 − c3; V[ξ] of tile tx goes to `into[ξ·xiStride + tx]`. Eight tiles at a
/// time from two 16-wide loads split into even and odd lanes. Step 1's output is read well after
/// it was written (a whole chunk later): reading it right away, with loads straddling its
/// stores, stalls on store-to-load forwarding.
@inline(__always)
private func winogradTransformColumns(
    _ comb: UnsafePointer<Float>, tilesW: Int, into v: UnsafeMutablePointer<Float>, xiStride: Int
) {
    let padded = 2 * tilesW + 2
    for i in 0..<4 {
        let t = comb + i * padded
        let o0 = v + (4 * i) * xiStride, o1 = o0 + xiStride, o2 = o1 + xiStride, o3 = o2 + xiStride
        var tx = 0
        while tx + 8 <= tilesW {
            let l0 = load16(t + 2 * tx), l1 = load16(t + 2 * tx + 2)
            let c0 = l0.evenHalf, c1 = l0.oddHalf, c2 = l1.evenHalf, c3 = l1.oddHalf
            store8(c0 - c2, o0 + tx)
            store8(c1 + c2, o1 + tx)
            store8(c2 - c1, o2 + tx)
            store8(c1 - c3, o3 + tx)
            tx += 8
        }
        if tx + 4 <= tilesW {  // 8×8 maps have 4 tiles per row
            let l0 = load8(t + 2 * tx), l1 = load8(t + 2 * tx + 2)
            let c0 = l0.evenHalf, c1 = l0.oddHalf, c2 = l1.evenHalf, c3 = l1.oddHalf
            store4(c0 - c2, o0 + tx)
            store4(c1 + c2, o1 + tx)
            store4(c2 - c1, o2 + tx)
            store4(c1 - c3, o3 + tx)
            tx += 4
        }
        while tx < tilesW {
            let c0 = t[2 * tx], c1 = t[2 * tx + 1], c2 = t[2 * tx + 2], c3 = t[2 * tx + 3]
            o0[tx] = c0 - c2
            o1[tx] = c1 + c2
            o2[tx] = c2 - c1
            o3[tx] = c1 - c3
            tx += 1
        }
    }
}

/// q[x] = a[x] + sign·b[x] for x < count (sign ±1).
@inline(__always)
private func combineRows(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, sign: Float, into q: UnsafeMutablePointer<Float>, count: Int
) {
    var x = 0
    while x + 8 <= count {
        store8(load8(a + x) + sign * load8(b + x), q + x)
        x += 8
    }
    while x < count {
        q[x] = a[x] + sign * b[x]
        x += 1
    }
}

/// Floats of step 1's output per (channel, tile row) for planes `width` wide.
func winogradCombinedCount(width w: Int) -> Int {
    4 * (2 * ((w + 1) / 2) + 2)
}

/// Y = Aᵀ M A for the tiles of tile row `tileY` of one output channel (M[ξ] of tile tx at
/// `from[ξ·xiStride + tx]`), plus bias and optional ReLU, written to output rows 2·ty, 2·ty + 1
/// (clipped at the plane's edge).
@inline(__always)
private func winogradOutputRow(
    from mm: UnsafePointer<Float>, xiStride: Int, tilesW: Int,
    plane: UnsafeMutablePointer<Float>, height h: Int, width w: Int, tileY ty: Int,
    bias: Float, relu: Bool
) {
    // With s[i] = m[i,0] + m[i,1] + m[i,2] and t[i] = m[i,1] − m[i,2] − m[i,3] (M·A), the 2×2
    // outputs are (s0 + s1 + s2, t0 + t1 + t2) on line 2·ty and (s1 − s2 − s3, t1 − t2 − t3) below.
    let line0 = plane + 2 * ty * w
    let hasLine1 = 2 * ty + 1 < h
    let line1 = plane + (hasLine1 ? 2 * ty + 1 : 2 * ty) * w
    let fullTiles = w / 2
    let m = { (xi: Int) in mm + xi * xiStride }
    var tx = 0
    let b8 = SIMD8<Float>(repeating: bias), zero8 = SIMD8<Float>()
    while tx + 8 <= fullTiles {
        var s = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var t = s
        @inline(__always) func rowSums(_ i: Int) -> (SIMD8<Float>, SIMD8<Float>) {
            let m0 = load8(m(4 * i) + tx), m1 = load8(m(4 * i + 1) + tx)
            let m2 = load8(m(4 * i + 2) + tx), m3 = load8(m(4 * i + 3) + tx)
            return (m0 + m1 + m2, m1 - m2 - m3)
        }
        (s.0, t.0) = rowSums(0)
        (s.1, t.1) = rowSums(1)
        (s.2, t.2) = rowSums(2)
        (s.3, t.3) = rowSums(3)
        var e0 = s.0 + s.1 + s.2 + b8, f0 = t.0 + t.1 + t.2 + b8
        var e1 = s.1 - s.2 - s.3 + b8, f1 = t.1 - t.2 - t.3 + b8
        if relu {
            e0 = e0.replacing(with: zero8, where: e0 .< zero8)
            f0 = f0.replacing(with: zero8, where: f0 .< zero8)
            e1 = e1.replacing(with: zero8, where: e1 .< zero8)
            f1 = f1.replacing(with: zero8, where: f1 .< zero8)
        }
        store16(interleave(e0, f0), line0 + 2 * tx)
        if hasLine1 { store16(interleave(e1, f1), line1 + 2 * tx) }
        tx += 8
    }
    if tx + 4 <= fullTiles {  // 8×8 maps have 4 tiles per row
        @inline(__always) func rowSums(_ i: Int) -> (SIMD4<Float>, SIMD4<Float>) {
            let m0 = load4(m(4 * i) + tx), m1 = load4(m(4 * i + 1) + tx)
            let m2 = load4(m(4 * i + 2) + tx), m3 = load4(m(4 * i + 3) + tx)
            return (m0 + m1 + m2, m1 - m2 - m3)
        }
        let (s0, t0) = rowSums(0), (s1, t1) = rowSums(1), (s2, t2) = rowSums(2), (s3, t3) = rowSums(3)
        let b4 = SIMD4<Float>(repeating: bias), zero4 = SIMD4<Float>()
        var e0 = s0 + s1 + s2 + b4, f0 = t0 + t1 + t2 + b4
        var e1 = s1 - s2 - s3 + b4, f1 = t1 - t2 - t3 + b4
        if relu {
            e0 = e0.replacing(with: zero4, where: e0 .< zero4)
            f0 = f0.replacing(with: zero4, where: f0 .< zero4)
            e1 = e1.replacing(with: zero4, where: e1 .< zero4)
            f1 = f1.replacing(with: zero4, where: f1 .< zero4)
        }
        store8(SIMD8(e0[0], f0[0], e0[1], f0[1], e0[2], f0[2], e0[3], f0[3]), line0 + 2 * tx)
        if hasLine1 { store8(SIMD8(e1[0], f1[0], e1[1], f1[1], e1[2], f1[2], e1[3], f1[3]), line1 + 2 * tx) }
        tx += 4
    }
    while tx < tilesW {
        // The same per tile, for the last tiles (and a clipped column when w is odd).
        @inline(__always) func rowSums(_ i: Int) -> (Float, Float) {
            let m0 = m(4 * i)[tx], m1 = m(4 * i + 1)[tx], m2 = m(4 * i + 2)[tx], m3 = m(4 * i + 3)[tx]
            return (m0 + m1 + m2, m1 - m2 - m3)
        }
        let (s0, t0) = rowSums(0), (s1, t1) = rowSums(1), (s2, t2) = rowSums(2), (s3, t3) = rowSums(3)
        @inline(__always) func finish(_ v: Float) -> Float { relu ? max(v + bias, 0) : v + bias }
        line0[2 * tx] = finish(s0 + s1 + s2)
        if 2 * tx + 1 < w { line0[2 * tx + 1] = finish(t0 + t1 + t2) }
        if hasLine1 {
            line1[2 * tx] = finish(s1 - s2 - s3)
            if 2 * tx + 1 < w { line1[2 * tx + 1] = finish(t1 - t2 - t3) }
        }
        tx += 1
    }
}

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
}

@inline(__always)
private func store4(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
}

@inline(__always)
private func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always)
private func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

@inline(__always)
private func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// (a0, b0, a1, b1, …, a7, b7).
@inline(__always)
private func interleave(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD16<Float> {
    SIMD16(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
}
