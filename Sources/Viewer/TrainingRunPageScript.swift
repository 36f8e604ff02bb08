import Report

/// The training-run page's style and script: a readout of every curve under the pointer. Each chart is
/// an <svg class="chart"> (Report's LineChart) whose plot area and axes are in its data attributes; the
/// script reads values back from the polylines' points.
enum TrainingRunPageScript {
    /// Resources/training-run-page.css.
    static let style = ResourceText.decode(PackageResources.training_run_page_css)

    static let body = #"""
    <div id="readout" hidden></div>
    """#

    /// Resources/training-run-page.js.
    static let script = ResourceText.decode(PackageResources.training_run_page_js)
}
