//! Filing a batch of arrived files: read, import together, move each to
//! imported/ or failed/, reporting progress as it goes.

use super::*;

impl Inbox {
    /// Reads, imports and moves complete files. Returns true when it stopped
    /// because a stop was asked for.
    pub(super) fn file_batch(
        &mut self,
        ready: Vec<(PathBuf, Stamp)>,
        on_event: &mut dyn FnMut(InboxEvent),
    ) -> bool {
        self.batches += 1;
        let mut batch = Batch {
            number: self.batches,
            total: ready.len(),
            ..Batch::default()
        };
        on_event(InboxEvent::BatchStarted {
            batch: batch.number,
            files: batch.total,
        });
        let mut rest = ready.into_iter().peekable();
        while rest.peek().is_some() && !self.stop_requested() {
            let mut chunk = Vec::new();
            let mut bytes = 0;
            while let Some((path, stamp)) = rest.next_if(|(_, stamp)| {
                chunk.is_empty() || (chunk.len() < CHUNK_FILES && bytes + stamp.size <= CHUNK_BYTES)
            }) {
                bytes += stamp.size;
                chunk.push((path, stamp));
            }
            if !self.file_chunk(chunk, &mut batch, on_event) {
                break;
            }
        }
        let stopped = self.stop_requested();
        // Whatever was not handled is still in the inbox: it settles again here,
        // or is found by the next start's scan.
        let now = Instant::now();
        for (path, _) in rest {
            self.arrivals.note(path, now);
            batch.deferred += 1;
        }
        on_event(InboxEvent::BatchFinished {
            batch: batch.number,
            imported: batch.imported,
            duplicates: batch.duplicates,
            failed: batch.failed,
            deferred: batch.deferred,
        });
        stopped
    }

    /// One transaction's worth of files. Returns false when the store refused it
    /// or a stop was asked for while reading: then nothing of it was imported, its
    /// files settle again and the batch ends.
    fn file_chunk(
        &mut self,
        chunk: Vec<(PathBuf, Stamp)>,
        batch: &mut Batch,
        on_event: &mut dyn FnMut(InboxEvent),
    ) -> bool {
        // Read every file; keep those still exactly as they settled. `read` holds
        // each kept file, `intakes` what reading it gave, in the same order.
        let mut read: Vec<(PathBuf, Stamp)> = Vec::new();
        let mut intakes: Vec<Result<Intake>> = Vec::new();
        let mut chunk = chunk.into_iter();
        while let Some((path, stamp)) = chunk.next() {
            if self.stop_requested() {
                // Reading a chunk of large files takes a while; stopping should not.
                let now = Instant::now();
                let unread = std::iter::once(path).chain(chunk.map(|(p, _)| p));
                for path in read.into_iter().map(|(p, _)| p).chain(unread) {
                    self.arrivals.note(path, now);
                    batch.deferred += 1;
                }
                return false;
            }
            let intake = ingest::read_file(&path);
            match Stamp::of(&path) {
                Some(after) if after == stamp => {
                    intakes.push(intake);
                    read.push((path, stamp));
                }
                Some(_) => {
                    // Written to while it was read: it settles again.
                    self.arrivals.note(path, Instant::now());
                    batch.deferred += 1;
                    batch.advance(on_event);
                }
                None => {
                    // Taken away by someone else: nothing to import or move.
                    batch.deferred += 1;
                    batch.advance(on_event);
                }
            }
        }
        let actor = self.options.actor.as_ref();
        let outcomes = match self.desk.import_read(intakes, actor, (self.clock)()) {
            Ok(outcomes) => outcomes,
            Err(error) => {
                on_event(InboxEvent::DeskError {
                    error: ErrorReport::from(&error),
                });
                let now = Instant::now();
                for (path, _) in read {
                    self.arrivals.note(path, now);
                    batch.deferred += 1;
                }
                return false;
            }
        };
        let folder = &self.options.folder;
        for ((path, stamp), result) in read.into_iter().zip(outcomes) {
            let (outcome, shelved) = match result {
                Ok(o) if o.created => {
                    batch.imported += 1;
                    let shelved = shelve(folder, &path, Shelf::Imported);
                    (FileOutcome::Imported { id: o.id }, shelved)
                }
                Ok(o) if o.new_version => {
                    batch.duplicates += 1;
                    let shelved = shelve(folder, &path, Shelf::Imported);
                    (FileOutcome::NewVersion { id: o.id }, shelved)
                }
                Ok(o) => {
                    batch.duplicates += 1;
                    let shelved = shelve(folder, &path, Shelf::Imported);
                    (FileOutcome::Duplicate { id: o.id }, shelved)
                }
                Err(error) => {
                    batch.failed += 1;
                    let shelved = shelve(folder, &path, Shelf::Failed(&error));
                    let error = ErrorReport::from(&error);
                    (FileOutcome::Failed { error }, shelved)
                }
            };
            let (moved_to, move_error) = match shelved {
                Ok(dest) => (Some(dest), None),
                Err(error) => {
                    self.arrivals.hold(path.clone(), stamp);
                    (None, Some(ErrorReport::from(&error)))
                }
            };
            on_event(InboxEvent::File(FileReport {
                batch: batch.number,
                file: path,
                outcome,
                moved_to,
                move_error,
            }));
            batch.advance(on_event);
        }
        true
    }
}

/// A batch in progress.
#[derive(Default)]
struct Batch {
    number: u64,
    total: usize,
    done: usize,
    imported: usize,
    duplicates: usize,
    failed: usize,
    deferred: usize,
}

impl Batch {
    fn advance(&mut self, on_event: &mut dyn FnMut(InboxEvent)) {
        self.done += 1;
        on_event(InboxEvent::BatchProgress {
            batch: self.number,
            done: self.done,
            total: self.total,
        });
    }
}
