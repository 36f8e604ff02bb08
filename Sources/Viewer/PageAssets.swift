import Report

/// The CSS and JavaScript every page shares: the look, error reporting, lazy image loading, the
/// drawing of rings, arrows and chevrons, and the small helpers the page scripts build on. Page
/// kinds add their own script and style (EpisodePageScript, DatasetPageScript).
///
/// Every page reports its state in attributes of the <html> element, for people debugging a page
/// and for the browser test: `data-state="ready"` once the first frame (or tile) is drawn,
/// `data-error` with every script error, `data-missing` with the number of image files that could
/// not be loaded. Script errors are also shown at the top of the page and put in the title.
enum PageAssets {
    /// Resources/page-errors.js: runs first, in <head>, so that errors anywhere later are caught.
    static let errorCapture = ResourceText.decode(PackageResources.page_errors_js)

    /// Resources/page.css.
    static let style = ResourceText.decode(PackageResources.page_css)

    /// Resources/page.js.
    static let script = ResourceText.decode(PackageResources.page_js)
}
