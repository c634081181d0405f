pub fn run(
    _db: &std::path::Path,
    _a: crate::cli::ProposeArgs,
    _o: &mut dyn std::io::Write,
) -> crate::error::Result<crate::Status> {
    Err(crate::error::Error::invalid("propose: not yet"))
}
