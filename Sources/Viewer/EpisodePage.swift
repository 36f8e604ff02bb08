import Episode

/// The page of one episode: its frames as a timeline to scrub and play at real speed, with the
/// input drawn over the frame it follows, and its metadata. Frames are referenced relatively, not
/// copied: the page is small however long the episode.
struct EpisodePage: PageRenderer {
    /// Predicted pointer distributions to draw (agent runs); see PointerHeat.
    var heat: [PointerHeat] = []

    func render(source: String, page: PageLocation) throws(ViewerError) -> HTMLDocument {
        let episode: EpisodeContents
        do {
            episode = try EpisodeReader.open(source)
        } catch {
            throw .unreadableEpisode(path: source, reason: error.description)
        }
        let data = EpisodePageData(episode, base: page.url(to: source, isFolder: true), heat: heat)
        return HTMLDocument(title: episode.metadata.id + " — mimic view", style: EpisodePageScript.style,
                            body: EpisodePageScript.body, script: EpisodePageScript.script, data: try PageData.json(data))
    }
}
