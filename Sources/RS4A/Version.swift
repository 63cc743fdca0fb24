/// The version of the rs4a library, shared by the Swift API, the C ABI and the Python package.
public enum RS4AVersion {
    public static let major = 0
    public static let minor = 2
    public static let patch = 0
    /// "major.minor.patch"
    public static var string: String { "\(major).\(minor).\(patch)" }
}
