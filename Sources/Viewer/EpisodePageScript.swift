import Report

/// The episode page's markup, style and script (the data comes from EpisodePageData).
///
/// The frame shown at playhead time T is the last frame grabbed at or before T. Over it the page
/// draws the input that follows it — everything from its grab to the next frame's, which is what
/// a model would have to predict from it — at full strength, and the `trail` before that fading:
/// the pointer path, clicks as rings (two for a double click), drags as arrows from press to
/// release, scrolls as chevrons, typed keys as a strip along the bottom. Frames load lazily: only
/// the one shown and a few ahead are fetched, so an hour-long episode opens as fast as a short one.
enum EpisodePageScript {
    /// Resources/episode-page.css.
    static let style = ResourceText.decode(PackageResources.episode_page_css)

    static let body = #"""
    <header><h1 id="title"></h1><span class="sub" id="summary"></span></header>
    <main>
      <section id="player">
        <div id="stage"><canvas id="frame" width="1" height="1"></canvas></div>
        <div id="controls">
          <button id="play" title="Space">▶ Play</button>
          <button id="previous" title="Left arrow">◀ frame</button>
          <button id="next" title="Right arrow">frame ▶</button>
          <label>speed <select id="speed">
            <option value="0.25">¼×</option><option value="0.5">½×</option><option value="1" selected>1×</option>
            <option value="2">2×</option><option value="4">4×</option><option value="8">8×</option>
          </select></label>
          <label>trail <select id="trail">
            <option value="0">none</option><option value="250">0.25 s</option><option value="1000" selected>1 s</option>
            <option value="3000">3 s</option><option value="10000">10 s</option>
          </select></label>
          <span id="clock"></span>
        </div>
        <canvas id="timeline" height="34"></canvas>
        <input id="scrubber" type="range" min="0" max="1" step="any" value="0" aria-label="time">
        <p id="missing" hidden></p>
        <p class="hint">Space: play or pause · ←/→: previous or next frame · Shift+←/→: 1 s · Home/End ·
          the address (#frame=N or #t=ms, &amp;play, &amp;speed=2, &amp;trail=3000) opens the page at that moment.</p>
      </section>
      <aside>
        <h2>This frame</h2><table class="kv" id="frame-info"></table>
        <h2>Input after this frame</h2><ol id="frame-events"></ol>
        <h2>Legend</h2><ul class="legend" id="legend"></ul>
        <h2>Episode</h2><table class="kv" id="metadata"></table>
        <div id="notes"></div>
      </aside>
    </main>
    """#

    /// Resources/episode-page.js.
    static let script = ResourceText.decode(PackageResources.episode_page_js)
}
