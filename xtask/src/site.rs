//! Building the static site into `dist/` and serving it.
//!
//! Trunk writes the app's start-up code as an inline `<script>`; the Content-Security-Policy
//! forbids inline scripts, so the build moves it into a file of its own. The service worker's
//! precache list is filled in with the built files, so the app works offline after one visit.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::command::run;
use crate::{repository_root, server, tools, TaskResult};

/// What `dist` reports about the build.
pub struct SiteSummary {
    /// The directory holding the built site.
    pub dist_dir: PathBuf,
}

/// `cargo xtask dist`: builds the site and prints the wasm sizes.
pub fn dist() -> TaskResult<SiteSummary> {
    tools::ensure_web_build_tools()?;
    let dist_dir = build(Shrink::WithWasmOpt)?;
    print_sizes(&dist_dir)?;
    Ok(SiteSummary { dist_dir })
}

/// Prints each WebAssembly bundle's size, raw and as gzip sends it.
fn print_sizes(dist_dir: &Path) -> TaskResult {
    for wasm in files_with_extension(dist_dir, "wasm")? {
        let bytes = std::fs::read(&wasm).map_err(|error| format!("cannot read {}: {error}", wasm.display()))?;
        println!(
            "{}: {} bytes raw, {} bytes gzip",
            wasm.file_name().unwrap_or_default().to_string_lossy(),
            bytes.len(),
            gzip_size(&bytes)
        );
    }
    Ok(())
}

/// `cargo xtask serve`: builds the site and serves it on loopback until interrupted. Without
/// wasm-opt installed, the page is built unshrunk rather than waiting for wasm-opt to compile
/// (7 minutes the first time); `dist` and `test` install it.
pub fn serve() -> TaskResult {
    tools::ensure_build_tools_but_wasm_opt()?;
    let shrink = if tools::has_wasm_opt() {
        Shrink::WithWasmOpt
    } else {
        println!(
            "wasm-opt is not installed: this build is not shrunk (its WebAssembly about 1.5 times as large: 3.6 MB, not 2.4 MB); `cargo xtask dist` installs it"
        );
        Shrink::Not
    };
    let dist_dir = build(shrink)?;
    server::serve(&dist_dir, "127.0.0.1:8080")
}

/// Whether the build runs wasm-opt on the WebAssembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shrink {
    /// As `index.html` asks (the bundles for publishing and testing).
    WithWasmOpt,
    /// Not at all, for a first `serve` before wasm-opt is installed.
    Not,
}

/// Builds the release site with Trunk (offline) and prepares it for static hosting.
pub fn build(shrink: Shrink) -> TaskResult<PathBuf> {
    let root = repository_root();
    let dist_dir = root.join("dist");
    let mut trunk = Command::new("trunk");
    trunk.current_dir(&root).args(["build", "--release", "--offline", "--dist"]).arg(&dist_dir);
    match shrink {
        Shrink::WithWasmOpt => run(&mut trunk)?,
        Shrink::Not => {
            // Trunk reads the wasm-opt level from the page: a copy beside it (so its relative
            // links resolve alike) turns it off; Trunk names its output index.html whatever
            // the source is called.
            let unshrunk = root.join(UNSHRUNK_PAGE);
            let page = read_text(&root.join("index.html"))?;
            std::fs::write(&unshrunk, without_wasm_opt(&page))
                .map_err(|error| format!("cannot write {}: {error}", unshrunk.display()))?;
            let built = run(trunk.arg(&unshrunk));
            let _ = std::fs::remove_file(&unshrunk);
            built?;
        }
    }
    externalise_inline_scripts(&dist_dir)?;
    fill_precache_list(&dist_dir)?;
    Ok(dist_dir)
}

/// The page copy an unshrunk build reads (git ignores it).
const UNSHRUNK_PAGE: &str = "index.unshrunk.html";

/// `page` with every `data-wasm-opt` level set to 0, which Trunk reads as "off".
fn without_wasm_opt(page: &str) -> String {
    let marker = "data-wasm-opt=\"";
    let mut result = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find(marker) {
        let value_start = start + marker.len();
        let Some(value_len) = rest[value_start..].find('"') else { break };
        result.push_str(&rest[..value_start]);
        result.push('0');
        rest = &rest[value_start + value_len..];
    }
    result.push_str(rest);
    result
}

/// Moves every inline `<script>` of `index.html` into a file named by its content hash and drops
/// the build-time nonces, which a static page cannot keep secret.
fn externalise_inline_scripts(dist_dir: &Path) -> TaskResult {
    let index_path = dist_dir.join("index.html");
    let mut html = read_text(&index_path)?;
    html = remove_attribute(&html, "nonce");
    let mut search_from = 0;
    while let Some(relative_start) = html[search_from..].find("<script") {
        let tag_start = search_from + relative_start;
        let tag_end = html[tag_start..]
            .find('>')
            .map(|offset| tag_start + offset + 1)
            .ok_or("unterminated <script> tag in index.html")?;
        let close_start = html[tag_end..]
            .find("</script>")
            .map(|offset| tag_end + offset)
            .ok_or("unclosed <script> in index.html")?;
        let opening_tag = &html[tag_start..tag_end];
        let body = &html[tag_end..close_start];
        if opening_tag.contains(" src=") || body.trim().is_empty() {
            search_from = close_start;
            continue;
        }
        let file_name = format!("boot-{:016x}.js", fnv1a(body.as_bytes()));
        std::fs::write(dist_dir.join(&file_name), body)
            .map_err(|error| format!("cannot write {file_name}: {error}"))?;
        let external_tag = format!("{} src=\"./{file_name}\"></script>", opening_tag.trim_end_matches('>'));
        html.replace_range(tag_start..close_start + "</script>".len(), &external_tag);
        search_from = tag_start + external_tag.len();
    }
    if html.contains("<style") || html.contains(" style=") {
        return Err("index.html holds inline styles, which the Content-Security-Policy blocks".into());
    }
    std::fs::write(&index_path, html).map_err(|error| format!("cannot write {}: {error}", index_path.display()))
}

/// Replaces the service worker's placeholders with the built files and a build identifier.
fn fill_precache_list(dist_dir: &Path) -> TaskResult {
    let worker_path = dist_dir.join("sw.js");
    let worker = read_text(&worker_path)?;
    let mut files = Vec::new();
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for path in files_in(dist_dir)? {
        let relative =
            path.strip_prefix(dist_dir).map_err(|error| error.to_string())?.to_string_lossy().replace('\\', "/");
        if relative == "sw.js" {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        hash = fnv1a_continue(hash, relative.as_bytes());
        hash = fnv1a_continue(hash, &bytes);
        files.push(relative);
    }
    let list =
        std::iter::once("./".to_string()).chain(files).map(|file| format!("{file:?}")).collect::<Vec<_>>().join(", ");
    let filled = worker
        .replace("\"__EDXVIEW_PRECACHE__\"", &format!("[{list}]"))
        .replace("__EDXVIEW_BUILD__", &format!("{hash:016x}"));
    if filled == worker {
        return Err("sw.js has no precache placeholder to fill".into());
    }
    std::fs::write(&worker_path, filled).map_err(|error| format!("cannot write {}: {error}", worker_path.display()))
}

fn remove_attribute(html: &str, attribute: &str) -> String {
    let marker = format!(" {attribute}=\"");
    let mut result = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(&marker) {
        result.push_str(&rest[..start]);
        let value_start = start + marker.len();
        match rest[value_start..].find('"') {
            Some(value_len) => rest = &rest[value_start + value_len + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    result.push_str(rest);
    result
}

/// Every file under `dir`, sorted, so the precache list and build identifier are reproducible.
pub fn files_in(dir: &Path) -> TaskResult<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries =
            std::fs::read_dir(&current).map_err(|error| format!("cannot list {}: {error}", current.display()))?;
        for entry in entries {
            let path = entry.map_err(|error| error.to_string())?.path();
            if path.is_dir() {
                pending.push(path)
            } else {
                files.push(path)
            }
        }
    }
    files.sort();
    Ok(files)
}

fn files_with_extension(dir: &Path, extension: &str) -> TaskResult<Vec<PathBuf>> {
    Ok(files_in(dir)?.into_iter().filter(|path| path.extension().is_some_and(|found| found == extension)).collect())
}

fn read_text(path: &Path) -> TaskResult<String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// The size of `bytes` after gzip at the default level, as a static host would send it.
pub fn gzip_size(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let compressed = encoder.write_all(bytes).and_then(|()| encoder.finish());
    compressed.map(|compressed| compressed.len()).unwrap_or(0)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_continue(0xcbf2_9ce4_8422_2325, bytes)
}

/// FNV-1a: a content fingerprint for file names, not a security hash.
fn fnv1a_continue(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unshrunk_page_turns_every_wasm_opt_level_off() {
        let page = r#"<link data-bin="edxview" data-wasm-opt="z"><link data-bin="worker" data-wasm-opt="3">"#;
        assert_eq!(
            without_wasm_opt(page),
            r#"<link data-bin="edxview" data-wasm-opt="0"><link data-bin="worker" data-wasm-opt="0">"#
        );
    }

    #[test]
    fn nonces_are_removed_and_other_attributes_kept() {
        let html = r#"<script nonce="abc" type="module">x</script><link nonce="d" rel="preload">"#;
        assert_eq!(remove_attribute(html, "nonce"), r#"<script type="module">x</script><link rel="preload">"#);
    }
}
