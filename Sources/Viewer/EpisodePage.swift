import Episode

/// The page of one episode: its frames as a timeline to scrub and play at real speed, with the
/// input drawn over the frame it follows, and its metadata. Frames are referenced relatively, not
/// copied: the page is small however long the episode.
struct EpisodePage: PageRenderer {
    /// Predicted pointer distributions to draw (agent runs); see PointerHeat. Nil: those the
    /// episode recorded in its predictions.jsonl, if any.
    var heat: [PointerHeat]? = nil

    func render(source: String, page: PageLocation) throws(ViewerError) -> HTMLDocument {
        let episode: EpisodeContents
        do {
            episode = try EpisodeReader.open(source)
        } catch {
            throw .unreadableEpisode(path: source, reason: error.description)
        }
        var heat = self.heat ?? []
        var notes: [String] = []
        if self.heat == nil {
            do {
                let recorded = try EpisodeReader.readPredictions(source)
                heat = PointerHeat.maps(recorded.predictions, frames: episode.frames)
                notes = recorded.notes
                if heat.count < recorded.predictions.count {
                    notes.append("\(recorded.predictions.count - heat.count) prediction(s) without a frame to draw them on (before the first frame) not drawn")
                }
            } catch {
                throw .unreadableEpisode(path: source, reason: error.description)
            }
        }
        let data = EpisodePageData(episode, base: page.url(to: source, isFolder: true), heat: heat, notes: notes)
        return HTMLDocument(title: episode.metadata.id + " — mimic view", style: EpisodePageScript.style,
                            body: EpisodePageScript.body, script: EpisodePageScript.script, data: try PageData.json(data))
    }
}
