// onnxruntime 1.29+ starts a telemetry client when it loads: it writes session files into TMPDIR and the user's
// cache and tries to upload usage events. ClipForge promises that nothing leaves the machine, so it is switched
// off before the runtime loads (this module is imported ahead of onnxruntime-node).
process.env.ORT_DISABLE_TELEMETRY = '1';
