import Episode
import Foundation
import TestSupport

/// Writes deterministic events and frames until killed.
func writeEpisodeForever(_ folder: String) -> Never {
    let writer: EpisodeWriter
    do {
        writer = try EpisodeWriter(directory: folder, metadata: SyntheticEpisode.metadata())
    } catch {
        fail("\(error)")
    }
    var events = 0
    var frames = 0
    while true {
        for _ in 0..<50 {
            writer.append(SyntheticEpisode.event(events))
            events += 1
        }
        do {
            try writer.addFrame(SyntheticEpisode.frame(frames), t: Double(events) * 0.25, pointer: (frames, frames))
            frames += 1
            if frames % 4 == 0 {
                try writer.flush()
                say("flushed \(events) \(frames)")
            }
        } catch {
            fail("\(error)")
        }
    }
}
