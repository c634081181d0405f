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

/// Items a chunk: what one thread formats at a time.
const CHUNK: usize = 2048;

/// Write `items` to `out` in their order, each formatted by `format` (with its index), on
/// this thread and a second one: the second formats every other chunk while this one formats
/// its own and writes both in turn. Printing is the last step of `check`, when the other core
/// has nothing else to do. A short list is formatted here alone. At most a few chunks are held
/// at a time.
pub fn write_in_order<T: Sync>(
    items: &[T],
    out: &mut dyn Write,
    format: impl Fn(usize, &T, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let chunk = |n: usize, buf: &mut Vec<u8>| -> io::Result<()> {
        let start = n * CHUNK;
        let end = items.len().min(start + CHUNK);
        (start..end).try_for_each(|i| format(i, &items[i], buf))
    };
    let chunks = items.len().div_ceil(CHUNK);
    if chunks < 2 {
        let mut buf = Vec::new();
        (0..chunks).try_for_each(|n| chunk(n, &mut buf))?;
        return out.write_all(&buf);
    }
    std::thread::scope(|scope| {
        let (to, from) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(2);
        let chunk = &chunk;
        std::thread::Builder::new()
            .name("format".into())
            .spawn_scoped(scope, move || {
                for n in (1..chunks).step_by(2) {
                    let mut buf = Vec::new();
                    let formatted = chunk(n, &mut buf).map(|()| buf);
                    // The writing thread stopped (an error of its own, which it returns).
                    if to.send(formatted).is_err() {
                        break;
                    }
                }
            })?;
        let mut buf = Vec::new();
        for n in 0..chunks {
            if n % 2 == 0 {
                buf.clear();
                chunk(n, &mut buf)?;
                out.write_all(&buf)?;
            } else {
                let theirs = from
                    .recv()
                    .map_err(|_| io::Error::other("the formatting thread stopped"))??;
                out.write_all(&theirs)?;
            }
        }
        Ok(())
    })
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
    fn chunks_formatted_on_two_threads_come_out_in_order() {
        for n in [0, 1, super::CHUNK, super::CHUNK + 1, 5 * super::CHUNK + 7] {
            let items: Vec<usize> = (0..n).collect();
            let mut out = Vec::new();
            write_in_order(&items, &mut out, |i, item, buf| {
                assert_eq!(i, *item);
                writeln!(buf, "{item}")
            })
            .unwrap();
            let want: String = items.iter().map(|i| format!("{i}\n")).collect();
            assert_eq!(String::from_utf8(out).unwrap(), want, "{n} items");
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
