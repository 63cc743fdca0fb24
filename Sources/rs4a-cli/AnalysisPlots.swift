import Foundation

/// The three figures of the seed's analysis script, as PNG canvases.
enum AnalysisPlots {
    static func all(_ r: AnalysisReport, advName: String) -> [(String, PlotCanvas)] {
        let noises = r.noises
        let color = Dictionary(uniqueKeysWithValues: noises.enumerated().map { ($1, $0) })
        let legend = noises.map { (label: $0, color: color[$0]!) }
        let xr = 0...(r.eps.last ?? 1)

        // Best certified accuracy over σ at each radius, per noise (Clean excluded: it certifies nothing).
        let certified = noises.filter { $0 != "Clean" }.map { n in
            PlotSeries(label: n, points: r.eps.map { e in (e, r.best(noise: n, radius: e)?.acc ?? .nan) }, color: color[n]!)
        }
        let best = LinePlot.render([PlotPanel(title: "BEST OVER σ", xLabel: "\(advName) RADIUS", yLabel: "CERTIFIED ACCURACY",
                                              xRange: xr, series: certified)],
                                   columns: 1, legend: legend.filter { $0.label != "Clean" })

        // One panel per σ, one line per noise.
        let perSigma = r.sigmas.map { s in
            PlotPanel(title: "σ = \(LinePlot.label(s))", xLabel: "\(advName) RADIUS", yLabel: "CERTIFIED ACC.", xRange: xr,
                      series: r.experiments.filter { $0.sigma == s }.map { e in
                          PlotSeries(label: e.noise, points: r.eps.map { ($0, e.certifiedAccuracy(at: $0)) }, color: color[e.noise]!)
                      })
        }
        let sigmaFigure = LinePlot.render(perSigma, columns: 2, legend: legend)

        // Smoothed train and test accuracy against σ.
        let sr = (r.sigmas.first ?? 0)...(r.sigmas.last ?? 1)
        func against(_ value: (ExperimentResult) -> Double) -> [PlotSeries] {
            noises.map { n in
                PlotSeries(label: n, points: r.experiments.filter { $0.noise == n }.map { ($0.sigma, value($0)) }, color: color[n]!)
            }
        }
        let accuracies = LinePlot.render([
            PlotPanel(title: "TRAIN", xLabel: "σ", yLabel: "TOP-1 TRAIN ACCURACY", xRange: sr, series: against(\.accTrain), markers: true),
            PlotPanel(title: "TEST", xLabel: "σ", yLabel: "TOP-1 TEST ACCURACY", xRange: sr, series: against(\.accPred), markers: true),
        ], columns: 2, legend: legend)
        return [("certified_accuracies_{adv}.png", best), ("per_sigma_{adv}.png", sigmaFigure), ("train_test_accuracies.png", accuracies)]
    }
}
