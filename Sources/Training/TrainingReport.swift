import Foundation
import Report

/// What a run folder holds, read back for pages: config.json, metrics.jsonl and the trainer state of the
/// last checkpoint (each may be missing in a run that has just started or was cut short).
public struct RunSnapshot: Sendable {
    public var folder: String
    public var config: RunConfig?
    public var records: [MetricsRecord]
    public var state: TrainerState?

    /// Reads the run in `folder`; fails only when there is no metrics.jsonl to read.
    public static func read(folder: String) throws(TrainingError) -> RunSnapshot {
        let records = try MetricsLog.read(path: folder + "/" + RunLayout.metrics)
        let config = try? RunConfig.read(folder: folder)
        let optimizerPath = folder + "/" + RunLayout.optimizer
        let state = (try? SafeTensorsProbe.metadata(optimizerPath)).flatMap { try? TrainerState(metadata: $0, path: optimizerPath) }
        return RunSnapshot(folder: folder, config: config, records: records, state: state)
    }
}

/// report.html: a run's curves (inline SVG) and figures, one self-contained page that opens offline. The
/// same content, in the viewer's frame, is `mimic view models/<run>`.
public enum TrainingReport {
    /// Colours of the loss heads and accuracies, the same in every chart.
    public static let colors: [String: String] = [
        "total": "#f2f2f6", "type": "#5aa0ff", "patch": "#ff7b5a", "offset": "#ffc23d", "key": "#5ad17a", "mods": "#c77dff",
        "action": "#f2f2f6", "pointer": "#ff7b5a", "modifiers": "#c77dff", "error": "#ff7b5a", "lr": "#5aa0ff", "speed": "#5ad17a",
    ]

    /// The charts of a run, in page order; charts without data are left out.
    public static func charts(_ records: [MetricsRecord]) -> [LineChart] {
        let train = records.compactMap { if case .train(let r) = $0 { r } else { nil } }
        let val = records.compactMap { if case .validation(let r) = $0 { r } else { nil } }
        func series(_ name: String, _ color: String, _ points: [(Double, Double?)], dashed: Bool = false, markers: Bool = false, width: Double = 1.6) -> LineChart.Series {
            LineChart.Series(name: name, color: color, points: points.compactMap { p in p.1.map { (x: p.0, y: $0) } },
                             dashed: dashed, markers: markers, lineWidth: width)
        }
        let c = colors
        func heads<R>(_ rows: [R], step: (R) -> Int, total: (R) -> Double, type: (R) -> Double, patch: (R) -> Double?,
                      offset: (R) -> Double?, key: (R) -> Double?, mods: (R) -> Double?, markers: Bool) -> [LineChart.Series] {
            let s = rows.map { Double(step($0)) }
            return [
                series("total", c["total"]!, zip(s, rows.map(total)).map { ($0, $1) }, markers: markers, width: 2.2),
                series("type", c["type"]!, zip(s, rows.map(type)).map { ($0, $1) }, markers: markers),
                series("patch", c["patch"]!, zip(s, rows.map(patch)).map { ($0, $1) }, markers: markers),
                series("offset", c["offset"]!, zip(s, rows.map(offset)).map { ($0, $1) }, markers: markers),
                series("key", c["key"]!, zip(s, rows.map(key)).map { ($0, $1) }, markers: markers),
                series("mods", c["mods"]!, zip(s, rows.map(mods)).map { ($0, $1) }, markers: markers),
            ]
        }
        let valMarkers = val.count <= 60
        var charts = [
            LineChart(id: "train-loss", title: "Training loss by head", series: heads(
                train, step: \.step, total: \.loss, type: \.lossType, patch: \.lossPatch, offset: \.lossOffset, key: \.lossKey,
                mods: \.lossMods, markers: false), logScale: true),
            LineChart(id: "val-loss", title: "Validation loss by head", series: heads(
                val, step: \.step, total: \.overall.loss, type: \.overall.lossType, patch: \.overall.lossPatch,
                offset: \.overall.lossOffset, key: \.overall.lossKey, mods: \.overall.lossMods, markers: valMarkers), logScale: true),
        ]
        let vs = val.map { Double($0.step) }
        charts.append(LineChart(id: "accuracy", title: "Validation accuracy", series: [
            series("action", c["action"]!, zip(vs, val.map { $0.overall.actionAccuracy }).map { ($0, $1) }, markers: valMarkers, width: 2.2),
            series("type", c["type"]!, zip(vs, val.map { $0.overall.typeAccuracy }).map { ($0, $1) }, markers: valMarkers),
            series("pointer in patch", c["pointer"]!, zip(vs, val.map { $0.overall.pointerInPatch }).map { ($0, $1) }, markers: valMarkers),
            series("key", c["key"]!, zip(vs, val.map { $0.overall.keyAccuracy }).map { ($0, $1) }, markers: valMarkers),
            series("modifiers", c["modifiers"]!, zip(vs, val.map { $0.overall.modifiersAccuracy }).map { ($0, $1) }, dashed: true, markers: valMarkers),
        ], yRange: 0...1))
        charts.append(LineChart(id: "pointer-error", title: "Median pointer error (screen px)", series: [
            series("median error", c["error"]!, zip(vs, val.map { $0.overall.pointerErrorPx }).map { ($0, $1) }, markers: valMarkers),
        ]))
        let ts = train.map { Double($0.step) }
        var lr = LineChart(id: "lr", title: "Learning rate", series: [series("lr", c["lr"]!, zip(ts, train.map { Optional($0.lr) }).map { ($0, $1) })])
        lr.yFormat = { String(format: "%.1e", $0) }
        charts.append(lr)
        charts.append(LineChart(id: "speed", title: "Training samples/s", series: [
            series("samples/s", c["speed"]!, zip(ts, train.map { Optional($0.samplesPerSecond) }).map { ($0, $1) }),
        ]))
        return charts.filter { !$0.isEmpty }
    }

    /// The page's CSS for `content` (dark, like `mimic view`): Resources/training-report.css.
    public static let style = ResourceText.decode(PackageResources.training_report_css)

    /// The summary tables, charts, per-type table and events of a run, as HTML (inside <body>).
    public static func content(_ run: RunSnapshot, title: String) -> String {
        let val = run.records.compactMap { if case .validation(let r) = $0 { r } else { nil } }
        let train = run.records.compactMap { if case .train(let r) = $0 { r } else { nil } }
        let events = run.records.compactMap { if case .event(let r) = $0 { r } else { nil } }
        let step = max(run.state?.step ?? 0, train.last?.step ?? 0)
        var status = "step \(step)"
        if let total = run.state?.totalSteps ?? run.config?.training.plannedSteps(trainSamples: run.config?.dataset.trainSamples ?? 1) {
            status += " of \(total)"
        }
        if run.state?.finished == true { status += ", finished" } else if let last = events.last, last.event == "stopped" { status += ", stopped" }
        if let last = events.last, last.event == "non_finite_loss" { status += ", stopped: non-finite loss" }

        var html = "<header><h1>\(HTMLText.escape(title))</h1><span class=\"sub\" id=\"status\">\(HTMLText.escape(status))</span></header>\n<main class=\"run\">\n"
        html += "<section class=\"summary\">"
        var rows: [(String, String)] = []
        if let c = run.config {
            let m = c.model
            rows.append(("dataset", "\(c.dataset.path): \(c.dataset.trainSamples) training, \(c.dataset.valSamples) validation samples"))
            rows.append(("model", "\(c.parameters) parameters; \(m.imageWidth)x\(m.imageHeight) frames\(m.stemChannels.isEmpty ? "" : " through a conv stem (\(m.stemChannels.map(String.init).joined(separator: ", ")) channels\(m.stemPool ? ", max-pooled onto the act token" : ""))")\(m.colorCells > 0 ? " with the mean colours of \(m.colorCells)x\(m.colorCells) cells" : "") in \(m.patchSize)x\(m.patchSize) patches\(m.patchQuery > 0 ? " (a \(m.patchQuery)-wide pointer query\(m.patchQueryRows ? " with its rows' maxima" : ""))" : ""), d \(m.width), \(count(m.layers, "layer")), \(count(m.heads, "head")), MLP \(m.mlpWidth), history \(m.historyLength), \(m.positionBins) bins, \(m.keyCount) keys"))
            let t = c.training
            func g(_ v: Float) -> String { String(format: "%g", Double(v)) }
            rows.append(("training", "batch \(t.batchSize), lr \(g(t.learningRate)) → \(g(t.finalLearningRate)) (cosine, \(t.warmupSteps) warm-up), weight decay \(g(t.weightDecay)), clip \(g(t.clipNorm)), shift ±\(t.maxShift) px, seed \(t.seed), \(count(c.threads, "thread"))"))
            rows.append(("started", "\(c.createdAt) by \(c.program)"))
        }
        if let s = run.state {
            rows.append(("training time", String(format: "%.0f s", s.elapsed)))
            if let best = s.bestStep, let loss = s.bestValidationLoss { rows.append(("best validation", String(format: "step %d, loss %.4f", best, loss))) }
        }
        if let t = train.last {
            rows.append(("last logged", String(format: "step %d, epoch %.2f, loss %.4f, lr %.2e, %.1f samples/s", t.step, t.epoch, t.loss, t.lr, t.samplesPerSecond)))
        }
        html += "<table class=\"kv\" id=\"run\">" + rows.map { "<tr><td>\(HTMLText.escape($0.0))</td><td>\(HTMLText.escape($0.1))</td></tr>" }.joined() + "</table>"
        if let v = val.last {
            let o = v.overall
            var figures: [(String, String)] = [("validation", "step \(v.step), \(o.samples) samples"), ("loss", String(format: "%.4f", o.loss)),
                                               ("type accuracy", percent(o.typeAccuracy)), ("action accuracy", percent(o.actionAccuracy))]
            if let p = o.pointerInPatch { figures.append(("pointer in patch", percent(p))) }
            if let e = o.pointerErrorPx { figures.append(("pointer error (median)", String(format: "%.1f screen px", e))) }
            if let k = o.keyAccuracy { figures.append(("key accuracy", percent(k))) }
            if let k = o.modifiersAccuracy { figures.append(("modifiers accuracy", percent(k))) }
            html += "<table class=\"kv\" id=\"last-validation\">" + figures.map { "<tr><td>\(HTMLText.escape($0.0))</td><td>\(HTMLText.escape($0.1))</td></tr>" }.joined() + "</table>"
        }
        html += "</section>\n<h2>Curves</h2>\n<section class=\"charts\">\n"
        let charts = charts(run.records)
        if charts.isEmpty { html += "<p class=\"empty\">No metrics yet: the first line is written after --log-every steps.</p>" }
        for chart in charts { html += chart.svg() + "\n" }
        html += "</section>\n"
        if let v = val.last {
            let order = ["wait", "move", "click", "double_click", "right_click", "mouse_down", "mouse_up", "scroll_up", "scroll_down", "key"]
            html += "<h2>Last validation by action type (step \(v.step))</h2>\n"
                + metricsTable(id: "by-type", heading: "action", rows: order.compactMap { name in v.byType[name].map { (name, $0) } }, overall: v.overall)
            if let byTask = v.byTask {
                html += "<h2>Last validation by task (step \(v.step))</h2>\n"
                    + metricsTable(id: "by-task", heading: "task", rows: byTask.keys.sorted().map { ($0, byTask[$0]!) }, overall: v.overall)
            }
        }
        if !events.isEmpty {
            html += "<h2>Events</h2>\n<ul class=\"events\">"
            for e in events.suffix(50) { html += "<li>\(HTMLText.escape(e.time)): step \(e.step), \(HTMLText.escape(e.event)): \(HTMLText.escape(e.message))</li>" }
            html += "</ul>\n"
        }
        html += "</main>\n"
        return html
    }

    static func percent(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

    /// A table of validation figures: one row per (name, metrics), then the overall row.
    static func metricsTable(id: String, heading: String, rows: [(String, ValidationMetrics)], overall: ValidationMetrics) -> String {
        var html = "<table class=\"grid\" id=\"\(id)\"><tr><th>\(heading)</th><th>samples</th><th>type acc.</th><th>action acc.</th><th>pointer in patch</th><th>median error (px)</th><th>key acc.</th><th>modifiers acc.</th><th>loss</th></tr>"
        for (name, m) in rows + [("", overall)] {
            html += "<tr><td>\(name.isEmpty ? "<b>all</b>" : HTMLText.escape(name))</td><td>\(m.samples)</td><td>\(percent(m.typeAccuracy))</td><td>\(percent(m.actionAccuracy))</td>"
            html += "<td>\(m.pointerInPatch.map(percent) ?? "")</td><td>\(m.pointerErrorPx.map { String(format: "%.1f", $0) } ?? "")</td>"
            html += "<td>\(m.keyAccuracy.map(percent) ?? "")</td><td>\(m.modifiersAccuracy.map(percent) ?? "")</td><td>\(String(format: "%.3f", m.loss))</td></tr>"
        }
        return html + "</table>\n"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// report.html's own frame around `style` (what `mimic view` gives the same content): Resources/training-report-page.css.
    static let pageStyle = ResourceText.decode(PackageResources.training_report_page_css)

    /// report.html for the run in `folder`.
    static func html(config: RunConfig, records: [MetricsRecord], state: TrainerState, folder: String) -> String {
        let title = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
        let body = content(RunSnapshot(folder: folder, config: config, records: records, state: state), title: title)
        return HTMLText.page(title: title + " — mimic train", generator: "mimic train", head: "<style>\n\(pageStyle)\n\(style)\n</style>", body: body)
    }
}
