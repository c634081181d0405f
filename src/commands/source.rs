//! `source add|list|show`: published documents, each with an optional stored text snapshot
//! whose SHA-256 is kept beside it.

use super::catalog::slug;
use super::{open_read, open_write};
use crate::cli::{SourceAddArgs, SourceCommand};
use crate::error::{Error, Result};
use crate::period::parse_published;
use crate::records::Source;
use crate::store::{ClaimFilter, Entity};
use crate::text_form::sha256_hex;
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, command: SourceCommand, out: &mut dyn Write) -> Result<Status> {
    match command {
        SourceCommand::Add(args) => add(db, args, out)?,
        SourceCommand::List => {
            for s in open_read(db)?.reader().sources()? {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    s.id,
                    s.published.unwrap_or_default(),
                    s.publisher.unwrap_or_default(),
                    s.title
                )?;
            }
        }
        SourceCommand::Show { id } => {
            let store = open_read(db)?;
            let snapshot = store.snapshot()?;
            let reader = snapshot.reader();
            let id = reader.resolve(Entity::Source, &id)?;
            let s = reader
                .source(&id)?
                .ok_or_else(|| Error::invalid(format!("source {id:?} vanished")))?;
            writeln!(out, "source     {}", s.id)?;
            writeln!(out, "title      {}", s.title)?;
            writeln!(
                out,
                "url        {}",
                s.url.as_deref().unwrap_or("(not given)")
            )?;
            writeln!(
                out,
                "publisher  {}",
                s.publisher.as_deref().unwrap_or("(not given)")
            )?;
            writeln!(
                out,
                "author     {}",
                s.author.as_deref().unwrap_or("(not given)")
            )?;
            writeln!(
                out,
                "published  {}",
                s.published.as_deref().unwrap_or("(not given)")
            )?;
            writeln!(
                out,
                "text       {}",
                s.text_sha256
                    .as_deref()
                    .map_or("(not stored)".into(), |h| format!("stored, sha256 {h}"))
            )?;
            writeln!(out, "claims")?;
            let filter = ClaimFilter {
                source: Some(id),
                ..ClaimFilter::default()
            };
            reader.for_each_claim(&filter, |row| {
                writeln!(
                    out,
                    "  {}\t{}\t{}",
                    row.claim.id, row.claim.printed, row.interval
                )?;
                Ok(())
            })?;
        }
    }
    Ok(Status::Done)
}

fn add(db: &Path, args: SourceAddArgs, out: &mut dyn Write) -> Result<()> {
    slug("source", &args.id)?;
    if let Some(p) = &args.published {
        parse_published(p).map_err(|why| {
            Error::invalid(format!(
            "--published {p:?}: {why}; give YYYY-MM-DD, or the part that is known (YYYY-MM, YYYY)"
        ))
        })?;
    }
    let text = match &args.text {
        None => None,
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|source| Error::File {
                path: path.clone(),
                source,
            })?;
            Some(String::from_utf8(bytes).map_err(|e| {
                Error::invalid(format!(
                    "{}: not UTF-8 text (invalid byte at offset {}); convert it to UTF-8 first",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ))
            })?)
        }
    };
    let mut store = open_write(db)?;
    let source = store.write(|tx| {
        let publisher = args
            .publisher
            .as_deref()
            .map(|p| tx.reader().resolve(Entity::Org, p))
            .transpose()?;
        let source = Source {
            id: args.id.clone(),
            url: args.url.clone(),
            title: args.title.clone(),
            publisher,
            author: args.author.clone(),
            published: args.published.clone(),
            text_sha256: text.as_deref().map(|t| sha256_hex(t.as_bytes())),
        };
        tx.insert_source(&source, text.as_deref())?;
        Ok(source)
    })?;
    write!(out, "source {}", source.id)?;
    if let Some(h) = &source.text_sha256 {
        write!(out, " (text stored, sha256 {})", &h[..12])?;
    }
    writeln!(out)?;
    Ok(())
}
