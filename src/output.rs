//! Standard output as the commands see it: for the gate, a closed pipe stops the printing,
//! never the work.
//!
//! `claimledger check | head` closes the pipe after ten lines; the gate's exit code must still
//! say whether the ledger fails (DESIGN: "`check | head` still fails"), so `check` runs to its
//! end and only the bytes nobody reads are dropped. For the other commands the output is the
//! work (`list | head` of a million claims): the closed pipe stops them, and `main` ends them
//! with exit 0. Any other write fault (a full disk, a closed device) stops every command as an
//! error (exit 3).

use std::io::{self, ErrorKind, Write};

/// A writer that, when `finish_work` is set, swallows a broken pipe: once the reader has gone,
/// further output is dropped and the command goes on.
pub struct Output<W: Write> {
    inner: W,
    finish_work: bool,
    closed: bool,
}

impl<W: Write> Output<W> {
    pub fn new(inner: W, finish_work: bool) -> Self {
        Output {
            inner,
            finish_work,
            closed: false,
        }
    }

    fn absorb(&mut self, result: io::Result<()>) -> io::Result<()> {
        match result {
            Err(e) if self.finish_work && e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let written = self.inner.write(buf);
        match written {
            Err(e) if self.finish_work && e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.inner.flush();
        self.absorb(flushed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(ErrorKind::BrokenPipe.into())
        }
    }

    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(ErrorKind::StorageFull.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_swallowed_for_the_gate_only_and_a_full_disk_never() {
        let mut out = Output::new(Closed, true);
        assert!(out.write_all(b"finding\n").is_ok());
        assert!(out.flush().is_ok());
        let mut out = Output::new(Closed, false);
        assert_eq!(
            out.write_all(b"row\n").unwrap_err().kind(),
            ErrorKind::BrokenPipe
        );
        let mut out = Output::new(Full, true);
        assert_eq!(
            out.write_all(b"finding\n").unwrap_err().kind(),
            ErrorKind::StorageFull
        );
    }
}
