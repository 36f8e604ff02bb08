import Report

/// The dataset page's markup, style and script (the data comes from DatasetPageData).
///
/// Samples are shown as tiles, a page of them at a time (more as the grid is scrolled), each the
/// model's frame enlarged with the action drawn as on the contact sheet: a ring for a click (two
/// for a double click), an arrow from where the gesture began for a move or a drag's release, a
/// chevron for a scroll, the key's name for a key, "wait" for a wait. Filters (split, action type,
/// episode) are kept in the address: #split=val&type=click,key&episode=2.
enum DatasetPageScript {
    /// Resources/dataset-page.css.
    static let style = ResourceText.decode(PackageResources.dataset_page_css)

    static let body = #"""
    <header><h1 id="title"></h1><span class="sub" id="summary"></span></header>
    <main>
      <aside>
        <h2>Split</h2><div class="filter" id="split-filter"></div>
        <h2>Action type <button id="all-types">all</button> <button id="no-types">none</button></h2>
        <div class="filter" id="type-filter"></div>
        <h2>Episode</h2><select id="episode-filter"><option value="-1">all episodes</option></select>
        <h2>Dataset</h2><table class="kv" id="metadata"></table>
        <div id="warnings"></div>
      </aside>
      <section id="samples">
        <p id="count"></p>
        <p id="missing" hidden></p>
        <div id="grid"></div>
        <div id="more"><button id="more-button">show more</button></div>
      </section>
    </main>
    """#

    /// Resources/dataset-page.js.
    static let script = ResourceText.decode(PackageResources.dataset_page_js)
}
