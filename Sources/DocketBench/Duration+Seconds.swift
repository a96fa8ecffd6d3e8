extension Duration {
    /// The duration in seconds, as a Double for printing and arithmetic on samples.
    var seconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
}
