import RS4A

// The README example end to end arrives with the smoothing issue; until then
// the demo reports the library it was built against.
print("rs4a \(RS4AVersion.string): library built (librs4a.so). The end-to-end demo is not implemented yet.")
