// safetensors I/O lives in its own target, SafeTensors (shared with Dataset's shards, which must
// not depend on NN). NN re-exports it, so `import NN` gives `SafeTensorsFile` too: use it for
// weights, optimizer state and forward inputs/outputs rather than writing another reader.
@_exported import SafeTensors
