import Report

/// Writes the page of one kind of folder. Each kind has its own renderer in its own file; a new
/// kind is a new conforming type plus one line in `Viewer.renderer`.
protocol PageRenderer {
    /// Reads `source` and builds its page for `page`; may write files into `page.filesFolder`.
    func render(source: String, page: PageLocation) throws(ViewerError) -> HTMLDocument
}

/// `mimic view`: one self-contained HTML page for an episode, a dataset, a training run or an
/// evaluation. See docs/view.md.
public enum Viewer {
    /// The page's default place: view.html inside the folder it shows.
    public static let defaultPageName = "view.html"

    /// Writes the page for the folder `source` to `out` (default: `<source>/view.html`) and returns
    /// the page's path.
    @discardableResult
    public static func writePage(source: String, out: String? = nil) throws(ViewerError) -> String {
        let kind = try SourceKind.detect(source)
        if kind == .evaluation {
            // Report draws it (eval.html is the same page): no scripts, links relative to where it is written.
            do { return try EvaluationPage.write(folder: source, out: out) } catch { throw .report(error) }
        }
        return try write(renderer(for: kind, source: source), source: source, out: out)
    }

    /// Writes an episode's page with the given predicted pointer heat drawn over the frames the
    /// decisions were made on, instead of the heat `writePage` reads from the episode's
    /// predictions.jsonl (agent runs of a model).
    @discardableResult
    public static func writeEpisodePage(source: String, out: String? = nil, heat: [PointerHeat]) throws(ViewerError) -> String {
        try write(EpisodePage(heat: heat), source: source, out: out)
    }

    static func write(_ renderer: any PageRenderer, source: String, out: String?) throws(ViewerError) -> String {
        let trimmed = source.count > 1 && source.hasSuffix("/") ? String(source.dropLast()) : source
        let page = try PageLocation(path: out ?? trimmed + "/" + defaultPageName)
        let document = try renderer.render(source: source, page: page)
        try page.write(document.html)
        return page.path
    }

    static func renderer(for kind: SourceKind, source: String) throws(ViewerError) -> any PageRenderer {
        switch kind {
        case .episode: EpisodePage()
        case .dataset: DatasetPage()
        case .trainingRun: TrainingRunPage()
        case .evaluation: preconditionFailure("an evaluation's page is EvaluationPage's, written in writePage")
        }
    }
}
