import Foundation
import Training

/// The page of a training run (models/<run>, from `mimic train`): the run's figures, its loss curves per
/// head (training and validation), validation accuracies, pointer error, learning rate and speed, the
/// last validation per action type, and the run's events; the same content as the run's report.html,
/// plus a readout of every curve's value under the pointer. Nothing is written beside the page.
struct TrainingRunPage: PageRenderer {
    func render(source: String, page: PageLocation) throws(ViewerError) -> HTMLDocument {
        let run: RunSnapshot
        do {
            run = try RunSnapshot.read(folder: source)
        } catch {
            throw .pageNotAvailable(kind: "a training run", path: source, reason: "its metrics.jsonl cannot be read: \(error.description)")
        }
        if run.records.isEmpty && run.config == nil {
            throw .pageNotAvailable(kind: "a training run", path: source,
                                    reason: "its metrics.jsonl holds nothing yet and there is no config.json (is it a run of `mimic train`?)")
        }
        let title = URL(fileURLWithPath: source).standardizedFileURL.lastPathComponent
        let data = TrainingRunPageData(
            title: title, step: run.state?.step ?? run.records.last?.step ?? 0,
            trainLines: run.records.filter { if case .train = $0 { true } else { false } }.count,
            validations: run.records.filter { if case .validation = $0 { true } else { false } }.count)
        return HTMLDocument(title: title + " — mimic view", style: TrainingReport.style + TrainingRunPageScript.style,
                            body: TrainingReport.content(run, title: title) + TrainingRunPageScript.body,
                            script: TrainingRunPageScript.script, data: try PageData.json(data))
    }
}

/// What the training-run page's script is told (the curves themselves are in the SVG markup).
struct TrainingRunPageData: Encodable {
    var title: String
    var step: Int
    var trainLines: Int
    var validations: Int
}
