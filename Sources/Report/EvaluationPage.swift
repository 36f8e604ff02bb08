import Foundation


/// eval.html: one self-contained page (no script, nothing fetched) with the figures per task, the
/// model, the random agent and the expert side by side, and every failed model run linked to its
/// episode folder and its `mimic view` page, by paths relative to the page.
public enum EvaluationPage {
    /// The page for `report`; `base` is the evaluation folder relative to the page's folder ("" when
    /// the page sits in it, else ending in "/").
    static func html(_ report: EvaluationReport, base: String) -> String {
        let title = "mimic eval — " + URL(fileURLWithPath: report.model).lastPathComponent
        var body = "<h1>\(HTMLText.escape(title))</h1>\n"
        body += "<p class=\"meta\">model <code>\(HTMLText.escape(report.model))</code> · \(HTMLText.escape(report.createdAt)) · display \(HTMLText.escape(report.display)) · "
            + "\(report.episodesPerTask) model and \(report.baselineEpisodesPerTask) baseline episodes per task · "
            + "evaluation seeds \(report.seedRange[0])–\(report.seedRange[1])"
            + (report.timeLimit.map { String(format: " · %.3g s per model and random run", $0) } ?? "")
            + " · \(report.tokensPerDecision) tokens per decision · value per task \(EvaluationReport.number(report.valuePerTask))</p>\n"
        if report.stopped { body += "<p class=\"warn\">Stopped early: the figures cover the episodes that ran.</p>\n" }
        body += summaryTable(report)
        body += failures(report, base: base)
        body += episodeTable(report, base: base)
        body += """
            <p class="meta">Success: the task's own check passed. 95% CI: Wilson score interval. Steps and seconds: means
            over successful episodes (seconds from the task appearing). dec/s: decisions per second of acting (the expert:
            steps, at a person's pace). tokens/task: the model's tokens over all its episodes ÷ its successes.
            value/token: value per task × successes ÷ tokens. See docs/eval.md.</p>
            """
        return HTMLText.page(title: title, generator: "mimic eval", head: "<style>\(style)</style>", body: body)
    }

    static let agents = AgentKind.allCases

    /// Rows: tasks (and all tasks); per agent: success with a bar and its interval, steps, seconds, dec/s.
    static func summaryTable(_ report: EvaluationReport) -> String {
        var html = "<h2>Success per task</h2>\n<table class=\"summary\">\n<thead><tr><th rowspan=\"2\">task</th>"
        for agent in agents { html += "<th colspan=\"4\" class=\"g \(agent.rawValue)\">\(agent.rawValue)</th>" }
        html += "<th colspan=\"2\" class=\"g model\">model cost</th></tr>\n<tr>"
        for agent in agents { html += "<th class=\"g \(agent.rawValue)\">success (95% CI)</th><th>steps</th><th>seconds</th><th>dec/s</th>" }
        html += "<th class=\"g\">tokens/task</th><th>value/token</th></tr></thead>\n<tbody>\n"
        var groups = report.tasks.map { ($0.task, $0.agents, false) }
        if report.tasks.count > 1 { groups.append(("all tasks", report.overall, true)) }
        for (name, figures, total) in groups {
            html += total ? "<tr class=\"total\">" : "<tr>"
            html += "<td>\(HTMLText.escape(name))</td>"
            for agent in agents {
                guard let f = figures.first(where: { $0.agent == agent }), f.episodes > 0 else {
                    html += "<td class=\"g none\" colspan=\"4\">not run</td>"
                    continue
                }
                let c = EvaluationReport.cells(f)
                html += "<td class=\"g\">\(bar(f))<span class=\"rate\">\(c[1])</span> <span class=\"n\">\(c[0])</span><span class=\"ci\">\(c[2])</span></td>"
                html += "<td>\(c[3])</td><td>\(c[4])</td><td>\(c[5])</td>"
            }
            let model = figures.first { $0.agent == .model }
            let cost = model.map(EvaluationReport.cells) ?? Array(repeating: "—", count: 8)
            html += "<td class=\"g\">\(cost[6])</td><td>\(cost[7])</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// The success rate as a bar, the interval as a whisker over it.
    static func bar(_ f: AgentFigures) -> String {
        String(format: "<div class=\"bar\"><div class=\"fill %@\" style=\"width:%.1f%%\"></div>"
               + "<div class=\"whisker\" style=\"left:%.1f%%;width:%.1f%%\"></div></div>",
               f.agent.rawValue, 100 * f.successRate, 100 * f.ci95.lower, 100 * (f.ci95.upper - f.ci95.lower))
    }

    /// The failed model runs by task, each linked to its episode.
    static func failures(_ report: EvaluationReport, base: String) -> String {
        let failed = report.failedModelEpisodes
        var html = "<h2>Failed model runs (\(failed.count))</h2>\n"
        if failed.isEmpty { return html + "<p>None.</p>\n" }
        html += "<table class=\"episodes\"><thead><tr><th>task</th><th>seed</th><th>outcome</th><th>steps</th><th>seconds</th><th>episode</th></tr></thead><tbody>\n"
        for e in failed { html += episodeRow(e, base: base) }
        return html + "</tbody></table>\n"
    }

    /// Every episode, folded.
    static func episodeTable(_ report: EvaluationReport, base: String) -> String {
        var html = "<details><summary>All \(report.episodes.count) episodes</summary>\n<table class=\"episodes\"><thead><tr>"
            + "<th>task</th><th>seed</th><th>agent</th><th>outcome</th><th>steps</th><th>seconds</th><th>episode</th></tr></thead><tbody>\n"
        for e in report.episodes { html += episodeRow(e, base: base, agent: true) }
        return html + "</tbody></table></details>\n"
    }

    static func episodeRow(_ e: EpisodeRecord, base: String, agent: Bool = false) -> String {
        var links: [String] = []
        if let path = e.path { links.append("<a href=\"\(HTMLText.escape(href(base + path + "/")))\">folder</a>") }
        if let page = e.page { links.append("<a href=\"\(HTMLText.escape(href(base + page)))\">watch</a>") }
        let kind = e.succeeded ? "ok" : "bad"
        return "<tr><td>\(HTMLText.escape(e.task))</td><td>\(e.seed)</td>" + (agent ? "<td>\(e.agent.rawValue)</td>" : "")
            + "<td class=\"\(kind)\">\(HTMLText.escape(e.outcome))</td><td>\(e.steps)</td><td>\(String(format: "%.2f", e.seconds))</td>"
            + "<td>\(links.isEmpty ? "—" : links.joined(separator: " · "))</td></tr>\n"
    }

    /// A relative path as a URL: each part percent-encoded.
    static func href(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map {
            $0 == ".." ? ".." : ($0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? String($0))
        }.joined(separator: "/")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Resources/evaluation-page.css.
    static let style = ResourceText.decode(PackageResources.evaluation_page_css)
}

extension EvaluationPage {
    /// Writes the page of the evaluation in `folder` (its eval.json) to `out` (default:
    /// `<folder>/view.html`), with links relative to where it is written; returns its path.
    /// `mimic view <evaluation folder>` calls this.
    @discardableResult
    public static func write(folder: String, out: String? = nil) throws(ReportError) -> String {
        let report = try EvaluationReport.read(folder: folder)
        let path = out ?? folder + "/view.html"
        let pageFolder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do { try FileManager.default.createDirectory(atPath: pageFolder, withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: pageFolder, reason: error.localizedDescription)
        }
        let base = relativePath(from: pageFolder, to: folder)
        try EvaluationFiles.write(Data(EvaluationPage.html(report, base: base).utf8), to: path)
        return path
    }

    /// `to` relative to the folder `from`, ending in "/" (or "" when they are the same folder).
    static func relativePath(from: String, to: String) -> String {
        func parts(_ p: String) -> [Substring] {
            URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path.split(separator: "/")
        }
        let a = parts(from), b = parts(to)
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let relative = (Array(repeating: "..", count: a.count - common) + b[common...].map(String.init)).joined(separator: "/")
        return relative.isEmpty ? "" : relative + "/"
    }
}
