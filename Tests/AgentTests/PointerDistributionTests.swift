import Primitives
import Dataset
import Episode
import Agent
import Testing

@Suite("the screen rectangle a model's pointer grid covers")
struct PointerDistributionTests {
    @Test("stretched: the observed region; letterboxed: the whole model image, bars included; cropped: around the crop",
          arguments: [
              // screen, preprocessing, expected region
              (1920, 1080, Preprocessing(size: .init(width: 128, height: 128), fit: .stretch), Rect(x: 0, y: 0, width: 1920, height: 1080)),
              (1920, 1080, Preprocessing(size: .init(width: 128, height: 128), fit: .letterbox), Rect(x: 0, y: -420, width: 1920, height: 1920)),
              (640, 480, Preprocessing(size: .init(width: 32, height: 32), fit: .letterbox), Rect(x: 0, y: -80, width: 640, height: 640)),
              (1920, 1080, Preprocessing(size: .init(width: 128, height: 128), fit: .stretch, crop: Rect(x: 100, y: 50, width: 400, height: 300)),
               Rect(x: 100, y: 50, width: 400, height: 300)),
          ])
    func region(width: Int, height: Int, preprocessing: Preprocessing, expected: Rect) throws {
        let geometry = try #require(FrameGeometry(screenWidth: width, screenHeight: height, preprocessing: preprocessing))
        let region = PointerDistribution.screenRegion(geometry)
        #expect(region == expected)
        // The model image's corners land on the region's corners.
        let topLeft = geometry.screenPoint(x: 0, y: 0)
        #expect(topLeft.x == max(geometry.source.x, region.x) && topLeft.y == max(geometry.source.y, region.y))
    }
}
