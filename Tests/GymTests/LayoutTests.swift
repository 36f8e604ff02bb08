import Primitives
import Gym
import Imaging
import Testing

@Suite("task layouts and the expert's plan, without a display")
struct LayoutTests {
    static let size = TaskCanvas.defaultSize

    @Test("the catalog holds the six required tasks and more, under unique names")
    func catalog() throws {
        #expect(Set(TaskCatalog.names).count == TaskCatalog.all.count)
        for required in ["click-target", "click-color", "click-sequence", "drag-to-target", "press-key", "type-word"] {
            #expect(TaskCatalog.names.contains(required))
        }
        #expect(TaskCatalog.all.count >= 8)
        #expect(try TaskCatalog.tasks(matching: "all").count == TaskCatalog.all.count)
        #expect(try TaskCatalog.tasks(matching: "press-key, click-color").map { $0.name } == ["press-key", "click-color"])
        #expect(throws: GymError.self) { try TaskCatalog.task(named: "click-everything") }
    }

    @Test("the expert's plan succeeds without a miss on 300 seeds of every task", arguments: TaskCatalog.names)
    func expertPlan(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        for seed in UInt64(0)..<200 {
            let run = Simulation.expert(task, seed: seed)
            #expect(run.status == .succeeded && run.misses == 0, "\(name) seed \(seed): \(run.status), \(run.misses) misses after \(run.steps) steps")
        }
        for index in 0..<100 {
            let seed = SeedRange.evaluationSeed(index: index)
            let run = Simulation.expert(task, seed: seed)
            #expect(run.status == .succeeded && run.misses == 0, "\(name) seed \(seed): \(run.status)")
        }
    }

    @Test("a seed gives the same picture every time; different seeds give different layouts", arguments: TaskCatalog.names)
    func seededLayouts(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        var pictures = Set<[UInt8]>()
        for seed in UInt64(0)..<12 {
            var first = RGBImage(width: Self.size.width, height: Self.size.height)
            var second = first
            task.init(seed: seed, size: Self.size).draw(on: &first)
            task.init(seed: seed, size: Self.size).draw(on: &second)
            #expect(first == second)
            pictures.insert(first.pixels)
        }
        #expect(pictures.count >= 10, "\(name): only \(pictures.count) distinct layouts in 12 seeds")
    }

    @Test("items lie inside the play area, below the instruction bar, and never overlap")
    func itemsInPlace() {
        let area = TaskCanvas.playArea(Self.size)
        for seed in UInt64(0)..<300 {
            let sets: [(String, [Rect])] = [
                ("click-target", [ClickTarget(seed: seed, size: Self.size).target]),
                ("click-color", ClickColor(seed: seed, size: Self.size).squares),
                ("click-sequence", ClickSequence(seed: seed, size: Self.size).circles.map { Rect.square(center: $0, side: 2 * ClickSequence.radius) }),
                ("drag-to-target", { let t = DragToTarget(seed: seed, size: Self.size); return [t.box, t.zone] }()),
                ("press-key", [PressKey(seed: seed, size: Self.size).card]),
                ("type-word", { let t = TypeWord(seed: seed, size: Self.size); return [t.card, t.field] }()),
                ("right-click-menu", [RightClickMenu(seed: seed, size: Self.size).item]),
                ("scroll-list", [ScrollList(seed: seed, size: Self.size).viewport]),
            ]
            for (name, rects) in sets {
                for (i, rect) in rects.enumerated() {
                    #expect(area.contains(rect), "\(name) seed \(seed): \(rect) outside \(area)")
                    for other in rects[(i + 1)...] { #expect(!rect.intersects(other), "\(name) seed \(seed): \(rect) overlaps \(other)") }
                }
            }
        }
    }

    @Test("glyphs a 128x128 model must read are at least 60 px tall on the 480x480 screen")
    func largeGlyphs() {
        let font = BitmapFont.standard
        #expect(font.size(of: "4", scale: TaskCanvas.largeScale).height >= 60)  // click-sequence digits, type-word's word
        #expect(font.size(of: "Q", scale: PressKey.glyphScale).height >= 60)
        // Every word fits its card.
        for word in TypeWord.words {
            #expect(font.size(of: word.uppercased(), scale: TaskCanvas.largeScale).width <= TypeWord(seed: 0, size: Self.size).card.width - 16)
        }
    }

    @Test("demonstration and evaluation seeds never meet")
    func seedRanges() {
        #expect(!SeedRange.demonstrations.overlaps(SeedRange.evaluation))
        for index in [0, 1, 1000, Int(Int32.max)] {
            #expect(SeedRange.evaluation.contains(SeedRange.evaluationSeed(base: 12345, index: index)))
        }
        #expect(SeedRange.evaluationSeed(base: UInt64.max, index: 5) >= SeedRange.evaluation.lowerBound)
    }

    @Test("a seeded generator gives the same numbers on every run")
    func seededRandom() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var c = SeededRandom(task: "click-target", seed: 1), d = SeededRandom(task: "click-color", seed: 1)
        #expect(c.next() != d.next())
        var e = SeededRandom(seed: 7)
        for _ in 0..<1000 { #expect((3...9).contains(e.int(in: 3...9))) }
    }

    @Test("a pointer path eases from start to target in small steps and ends exactly there")
    func pointerPath() {
        var random = SeededRandom(seed: 3)
        let path = PointerPath.eased(from: Point(10, 400), to: Point(460, 90), stepLength: 8, random: &random)
        #expect(path.last == Point(460, 90))
        #expect(path.count >= 50)
        var previous = Point(10, 400)
        var longest = 0.0
        for point in path {
            longest = max(longest, previous.distance(to: point))
            previous = point
        }
        #expect(longest <= 20)
        // Slow at both ends, fast in the middle.
        let firstStep = Point(10, 400).distance(to: path[0]), middle = path[path.count / 2 - 1].distance(to: path[path.count / 2])
        #expect(firstStep < middle)
        #expect(PointerPath.eased(from: Point(5, 5), to: Point(5, 5), stepLength: 8, random: &random).isEmpty)
    }
}
