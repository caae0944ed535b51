//! `--rebuild` of an existing index writes the new index beside the old one and swaps it
//! in only once it is complete, so an interrupted rebuild (Ctrl-C, kill -9, a crash, a full
//! disk) leaves the old index as it was.
//!
//! - The new index is built in `<index>.rebuild-<pid>`, a folder beside the index
//!   ([`side_path`]), while the run holds the old index's writer lock: another `index` run
//!   fails as it would against any run, and queries answer from the old index.
//! - Once the last commit is written and merges are done, the two folders trade places
//!   in one `renameat2(RENAME_EXCHANGE)` on Linux: a query opening the index finds the old
//!   or the new one, never neither, and one that has the old open keeps reading its files
//!   (unlinked, still mapped). Where the exchange is not supported, two renames leave a
//!   moment with no index, and a crash in that moment leaves the old index at
//!   `<index>.rebuild-<pid>.old`, which the next run puts back ([`restore_interrupted_swap`]).
//!   The old index, now at the side name, is then deleted.
//! - The new folder's lock is taken before the exchange, so the folder at the index's path
//!   is locked at every moment of the swap.
//! - A side folder an interrupted run left behind is deleted by the next run, once it holds
//!   the lock ([`clean_leftovers`]), and reported to the [`Observer`]. The corpus walk never
//!   enters one ([`crate::corpus::WalkOptions::skip`]).

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use tantivy::directory::{Directory, DirectoryLock, MmapDirectory, INDEX_WRITER_LOCK};

use super::store::{is_tantivy_file, ALLOWED_FOREIGN_FILES};
use super::Observer;
use crate::error::IndexError;

/// What follows the index's folder name in the name of a side folder: `index.rebuild-4242`.
pub const SIDE_INFIX: &str = ".rebuild-";

/// What follows a side folder's name when the old index waits there in a swap by two
/// renames (where the folders cannot be exchanged at once).
const OLD_SUFFIX: &str = ".old";

/// Something a run did with what an interrupted rebuild left beside the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leftover {
    /// A side folder deleted.
    Removed(PathBuf),
    /// A folder named like a side folder but holding files newsdex did not write: kept.
    Kept {
        /// The folder.
        path: PathBuf,
        /// One of the files that made it keep the folder.
        holds: String,
    },
    /// The old index put back from where a swap by two renames had moved it.
    Restored(PathBuf),
}

impl fmt::Display for Leftover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Leftover::Removed(path) => write!(
                f,
                "removed '{}', left by an interrupted `newsdex index --rebuild`",
                path.display()
            ),
            Leftover::Kept { path, holds } => write!(
                f,
                "left '{}' alone: it is named like the folder of an interrupted rebuild but holds '{holds}' (delete it if it is not needed)",
                path.display()
            ),
            Leftover::Restored(path) => write!(
                f,
                "put the index back from '{}', where an interrupted `newsdex index --rebuild` had moved it",
                path.display()
            ),
        }
    }
}

/// The side folder a rebuild by process `pid` writes: beside `index`, named after it.
pub fn side_path(index: &Path, pid: u32) -> PathBuf {
    let mut name = index
        .file_name()
        .map_or_else(|| OsString::from("index"), OsString::from);
    name.push(format!("{SIDE_INFIX}{pid}"));
    index.with_file_name(name)
}

/// Whether `name` is the name of a side folder of an index folder named `index_name`:
/// `<index_name>.rebuild-<digits>`, or that followed by `.old`.
pub fn is_side_name(index_name: &std::ffi::OsStr, name: &std::ffi::OsStr) -> bool {
    let (Some(index_name), Some(name)) = (index_name.to_str(), name.to_str()) else {
        return false;
    };
    let Some(pid) = name
        .strip_prefix(index_name)
        .and_then(|rest| rest.strip_prefix(SIDE_INFIX))
    else {
        return false;
    };
    let pid = pid.strip_suffix(OLD_SUFFIX).unwrap_or(pid);
    !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
}

/// The folder `index` names: the folder a symbolic link at `index` points to, so that the
/// new index is built beside it (on its file system) and the link goes on naming the index.
fn real_folder(index: &Path) -> PathBuf {
    match fs::read_link(index) {
        // A relative target is relative to the link's folder; `join` keeps an absolute one.
        Ok(target) => index.parent().unwrap_or(Path::new("")).join(target),
        Err(_) => index.to_path_buf(),
    }
}

/// The folders beside `index` (a folder, not a link to one) named like its side folders,
/// sorted.
fn side_folders(index: &Path) -> Vec<PathBuf> {
    let Some(index_name) = index.file_name() else {
        return Vec::new();
    };
    let parent = match index.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| is_side_name(index_name, &entry.file_name()))
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .map(|entry| index.with_file_name(entry.file_name()))
        .collect();
    found.sort();
    found
}

/// Where a swap by two renames was interrupted between them (no index at `index`, the old
/// one at `<index>.rebuild-<pid>.old`), puts the old index back. Runs before the index is
/// opened: opening would otherwise create an empty one in its place.
pub fn restore_interrupted_swap(index: &Path, observer: &mut dyn Observer) {
    if index.exists() {
        return;
    }
    let index = &real_folder(index);
    let moved_away = side_folders(index).into_iter().find(|path| {
        path.to_str().is_some_and(|p| p.ends_with(OLD_SUFFIX)) && path.join("meta.json").is_file()
    });
    if let Some(old) = moved_away {
        if fs::rename(&old, index).is_ok() {
            observer.leftover(&Leftover::Restored(old));
        }
    }
}

/// Deletes the side folders interrupted rebuilds left beside `index`, each reported to
/// `observer`. Only for a run that holds the index's lock, so no running rebuild's folder
/// is taken: every rebuild holds that lock from before it creates its folder until it has
/// deleted what is left of it. A folder holding anything but index files is kept.
pub fn clean_leftovers(index: &Path, observer: &mut dyn Observer) {
    for folder in side_folders(&real_folder(index)) {
        match foreign_entry(&folder) {
            Ok(None) => {
                if fs::remove_dir_all(&folder).is_ok() {
                    observer.leftover(&Leftover::Removed(folder));
                }
            }
            Ok(Some(holds)) => observer.leftover(&Leftover::Kept {
                path: folder,
                holds,
            }),
            Err(_) => {} // gone meanwhile, or unreadable: nothing to do or say
        }
    }
}

/// The name of an entry of `folder` that is neither an index file nor one newsdex may
/// share an index folder with, if any.
fn foreign_entry(folder: &Path) -> io::Result<Option<String>> {
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type()?.is_file();
        if !(is_file && (is_tantivy_file(&name) || ALLOWED_FOREIGN_FILES.contains(&name.as_str())))
        {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// A rebuild under way beside an existing index. Dropped before [`Rebuild::finish`] (an
/// error), it deletes the side folder; the old index is untouched either way until then.
pub struct Rebuild {
    index: PathBuf,
    side: PathBuf,
    /// The old index's writer lock, held for the whole run.
    _index_lock: DirectoryLock,
    finished: bool,
}

impl Rebuild {
    /// Starts a rebuild of `index`: takes its writer lock, deletes leftovers of interrupted
    /// rebuilds and creates the side folder. `Ok(None)` when `index` holds no index
    /// (missing, or holding only a README): there is nothing to keep, and the new index is
    /// built in place.
    pub fn begin(index: &Path, observer: &mut dyn Observer) -> Result<Option<Rebuild>, IndexError> {
        if !index.join("meta.json").is_file() {
            return Ok(None);
        }
        let index = &real_folder(index);
        let index_lock = lock(index)?;
        foreign_files(index)?; // before building: fails at once on what the swap would lose
        clean_leftovers(index, observer);
        let side = side_path(index, std::process::id());
        fs::create_dir(&side).map_err(|cause| IndexError::Io {
            action: "creating the folder for the new index",
            path: side.clone(),
            cause,
        })?;
        Ok(Some(Rebuild {
            index: index.to_path_buf(),
            side,
            _index_lock: index_lock,
            finished: false,
        }))
    }

    /// Where the new index is written.
    pub fn side(&self) -> &Path {
        &self.side
    }

    /// Puts the complete new index in the old one's place and deletes the old one. Call
    /// once every writer of the side folder is gone (its commits and merges done).
    pub fn finish(mut self) -> Result<(), IndexError> {
        // Held until the old index is deleted: the folder at `index` is locked throughout.
        let _side_lock = lock(&self.side)?;
        carry_over_foreign_files(&self.index, &self.side)?;
        swap(&self.index, &self.side).map_err(|cause| IndexError::Io {
            action: "putting the new index in place of",
            path: self.index.clone(),
            cause,
        })?;
        self.finished = true;
        sync_parent(&self.index);
        // The old index, now at the side name (or at its `.old` name after two renames).
        // Should this fail, the next run deletes it.
        let _ = fs::remove_dir_all(&self.side);
        let _ = fs::remove_dir_all(old_path(&self.side));
        Ok(())
    }
}

impl Drop for Rebuild {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.side);
        }
    }
}

/// The writer lock of the index folder `path`, taken the way tantivy's writer takes it, so
/// a run holding it excludes every other run (and one without it is refused).
fn lock(path: &Path) -> Result<DirectoryLock, IndexError> {
    let directory = MmapDirectory::open(path).map_err(|e| IndexError::Io {
        action: "opening index folder",
        path: path.to_path_buf(),
        cause: io::Error::other(e.to_string()),
    })?;
    directory
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|err| match err {
            tantivy::directory::error::LockError::LockBusy => {
                IndexError::Locked(path.to_path_buf())
            }
            tantivy::directory::error::LockError::IoError(cause) => IndexError::Io {
                action: "locking index folder",
                path: path.to_path_buf(),
                cause: io::Error::new(cause.kind(), cause.to_string()),
            },
        })
}

/// Copies into the new index the files of the old folder that are not the index's own (a
/// README, a `.gitignore`), which a rebuild in place kept.
fn carry_over_foreign_files(old: &Path, new: &Path) -> Result<(), IndexError> {
    for file in foreign_files(old)? {
        let copied = match file.file_name() {
            Some(name) => fs::copy(&file, new.join(name)),
            None => continue,
        };
        copied.map_err(|cause| IndexError::Io {
            action: "carrying over to the new index",
            path: file,
            cause,
        })?;
    }
    Ok(())
}

/// The files in the index folder that are not the index's own, which the new index must
/// carry over; [`IndexError::NotCarriedOver`] when it holds something other than files (a
/// folder, a link), which replacing the folder would lose.
fn foreign_files(index: &Path) -> Result<Vec<PathBuf>, IndexError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |cause| IndexError::Io {
            action: "reading index folder",
            path,
            cause,
        }
    };
    let mut files = Vec::new();
    for entry in fs::read_dir(index).map_err(io(index))? {
        let entry = entry.map_err(io(index))?;
        if !entry.file_type().map_err(io(&entry.path()))?.is_file() {
            return Err(IndexError::NotCarriedOver(entry.path()));
        }
        if !is_tantivy_file(&entry.file_name().to_string_lossy()) {
            files.push(entry.path());
        }
    }
    Ok(files)
}

/// `<side>.old`: where the old index waits in a swap by two renames.
fn old_path(side: &Path) -> PathBuf {
    let mut name = side.as_os_str().to_os_string();
    name.push(OLD_SUFFIX);
    PathBuf::from(name)
}

/// Puts `side` at `index` and the old `index` at `side` (or at `side.old` after two renames).
fn swap(index: &Path, side: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, side, CWD, index, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Not supported by this kernel or file system: two renames instead.
            Err(err) if err == rustix::io::Errno::INVAL || err == rustix::io::Errno::NOSYS => {}
            Err(err) => return Err(err.into()),
        }
    }
    let old = old_path(side);
    fs::rename(index, &old)?;
    if let Err(err) = fs::rename(side, index) {
        // Put the old one back; the new one is deleted with the side folder.
        let _ = fs::rename(&old, index);
        return Err(err);
    }
    Ok(())
}

/// Makes the renames durable, as tantivy makes its commits (best effort: not every file
/// system can sync a folder).
fn sync_parent(index: &Path) {
    let parent = match index.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if let Ok(folder) = fs::File::open(parent) {
        let _ = folder.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    /// Hears what is done with leftovers.
    #[derive(Default)]
    struct Heard(Vec<Leftover>);

    impl Observer for Heard {
        fn leftover(&mut self, what: &Leftover) {
            self.0.push(what.clone());
        }
    }

    #[test]
    fn an_index_moved_away_by_a_swap_cut_short_is_put_back() {
        let root = tempfile::tempdir().unwrap();
        let index = root.path().join("index");
        let moved = root.path().join("index.rebuild-12.old");
        let new = root.path().join("index.rebuild-12");
        for folder in [&moved, &new] {
            fs::create_dir(folder).unwrap();
            fs::write(
                folder.join("meta.json"),
                folder.to_string_lossy().as_bytes(),
            )
            .unwrap();
        }
        let mut heard = Heard::default();
        restore_interrupted_swap(&index, &mut heard);
        assert_eq!(heard.0, [Leftover::Restored(moved.clone())]);
        assert_eq!(
            fs::read_to_string(index.join("meta.json")).unwrap(),
            moved.to_string_lossy()
        );
        // With the index back, the new folder is an ordinary leftover.
        restore_interrupted_swap(&index, &mut heard);
        assert_eq!(heard.0.len(), 1);
        clean_leftovers(&index, &mut heard);
        assert_eq!(heard.0[1..], [Leftover::Removed(new)]);
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            1,
            "only the index is left"
        );
    }

    #[test]
    fn the_exchange_puts_each_folder_at_the_others_path() {
        let root = tempfile::tempdir().unwrap();
        let index = root.path().join("index");
        let side = side_path(&index, 3);
        for (folder, text) in [(&index, "old"), (&side, "new")] {
            fs::create_dir(folder).unwrap();
            fs::write(folder.join("meta.json"), text).unwrap();
        }
        swap(&index, &side).unwrap();
        assert_eq!(fs::read_to_string(index.join("meta.json")).unwrap(), "new");
        let old = [side.clone(), old_path(&side)]
            .into_iter()
            .find(|path| path.exists())
            .unwrap();
        assert_eq!(fs::read_to_string(old.join("meta.json")).unwrap(), "old");
    }

    #[test]
    fn side_folders_are_named_after_the_index() {
        assert_eq!(
            side_path(Path::new("/data/index"), 42),
            Path::new("/data/index.rebuild-42")
        );
        assert_eq!(side_path(Path::new("idx"), 7), Path::new("idx.rebuild-7"));
        let index = OsStr::new("index");
        assert!(is_side_name(index, OsStr::new("index.rebuild-42")));
        assert!(is_side_name(index, OsStr::new("index.rebuild-42.old")));
        assert!(!is_side_name(index, OsStr::new("index")));
        assert!(!is_side_name(index, OsStr::new("index.rebuild-")));
        assert!(!is_side_name(index, OsStr::new("index.rebuild-notes")));
        assert!(!is_side_name(index, OsStr::new("other.rebuild-42")));
        assert!(!is_side_name(index, OsStr::new("index2.rebuild-42")));
    }
}
