/// Writes the page of one kind of folder. Each kind has its own renderer in its own file; a new
/// kind (training runs, evaluations) is a new conforming type plus one line in `Viewer.renderer`.
protocol PageRenderer {
    /// Reads `source` and builds its page for `page`; may write files into `page.filesFolder`.
    func render(source: String, page: PageLocation) throws(ViewerError) -> HTMLDocument
}

/// `mimic view`: one self-contained HTML page for an episode or a dataset. See docs/view.md.
public enum Viewer {
    /// The page's default place: view.html inside the folder it shows.
    public static let defaultPageName = "view.html"

    /// Writes the page for the folder `source` to `out` (default: `<source>/view.html`) and returns
    /// the page's path.
    @discardableResult
    public static func writePage(source: String, out: String? = nil) throws(ViewerError) -> String {
        let kind = try SourceKind.detect(source)
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
        case .episode:
            return EpisodePage()
        case .dataset:
            return DatasetPage()
        case .trainingRun:
            return TrainingRunPage()
        case .evaluation:
            // The Evaluation module (above this one) draws it: `Evaluation.writePage`, which `mimic view` calls.
            throw .pageNotAvailable(kind: "an evaluation", path: source,
                                    reason: "its page is written by `mimic view` (Evaluation.writePage); eval.html in the folder is the same page")
        }
    }
}
