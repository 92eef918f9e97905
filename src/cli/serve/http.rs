//! The HTTP side of `careerbook serve`: an axum router with the reload
//! websocket, the status endpoint and the built site.
//!
//! Files are served by tower-http's `ServeFile` (MIME type from the
//! extension, `HEAD`, ranges, streaming). Which file is decided here and not
//! by `ServeDir`, because `ServeDir` follows symlinks out of its folder: the
//! path is percent-decoded, normalised, joined to the web root and
//! canonicalised, and only a file that really is under the root is served.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::header::{
    ALLOW, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, HOST, LOCATION, ORIGIN,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tower_http::services::ServeFile;
use tower_http::set_header::SetResponseHeaderLayer;

use super::{RELOAD_PATH, STATUS_PATH, Status};

/// Largest HTML page the reload script is added to (larger ones are served
/// as they are).
const MAX_HTML: usize = 64 * 1024 * 1024;

struct AppState {
    /// The web root (absolute; canonicalised on every request, as it may be
    /// created or replaced by a build).
    root: PathBuf,
    status: watch::Receiver<Status>,
}

/// The server: the reload websocket, the status, and the site for the rest.
pub(super) fn router(root: PathBuf, status: watch::Receiver<Status>) -> Router {
    let state = Arc::new(AppState { root, status });
    Router::new()
        .route(RELOAD_PATH, get(reload_socket))
        .route(STATUS_PATH, get(status_json))
        .fallback(site)
        .with_state(state)
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

// ---------------------------------------------------------------------------
// The reload channel

async fn status_json(State(state): State<Arc<AppState>>) -> Response {
    let json = serde_json::to_string(&*state.status.borrow()).unwrap_or_default();
    ([(CONTENT_TYPE, "application/json")], json).into_response()
}

/// Upgrade to the reload websocket. A browser sends its page's origin; one
/// that is not this server's (another site open in the same browser) is
/// refused, since the diagnostics quote the content.
async fn reload_socket(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !same_origin(&headers) {
        return text(
            StatusCode::FORBIDDEN,
            "cross-origin reload socket refused\n",
        );
    }
    let status = state.status.clone();
    ws.on_upgrade(move |socket| send_status(socket, status))
}

/// `Origin`, when present, names this server (`http://` + `Host`).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(ORIGIN) else {
        return true;
    };
    let (Ok(origin), Some(Ok(host))) = (origin.to_str(), headers.get(HOST).map(|h| h.to_str()))
    else {
        return false;
    };
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        == Some(host)
}

/// Send the status now and after every change, until the page goes away.
async fn send_status(mut socket: WebSocket, mut status: watch::Receiver<Status>) {
    loop {
        let json = serde_json::to_string(&*status.borrow_and_update()).unwrap_or_default();
        if socket.send(Message::Text(json.into())).await.is_err() {
            return;
        }
        loop {
            tokio::select! {
                changed = status.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    break;
                }
                incoming = socket.recv() => match incoming {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                    Some(Ok(_)) => {}
                },
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The site

/// What a request path names in the web root.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file inside the root (canonical path).
    File(PathBuf),
    /// A folder named without its trailing slash: where to go instead.
    Redirect(String),
    NotFound,
    /// Malformed, or leaving the root.
    BadRequest,
}

async fn site(State(state): State<Arc<AppState>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut resp = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "method not allowed; this server only reads\n",
        );
        resp.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    // An authority-form target (`GET host:80`) has no path.
    if !req.uri().path().starts_with('/') {
        return text(StatusCode::BAD_REQUEST, "bad request target\n");
    }
    // Read before the file: a page is never newer than the version it
    // carries (at worst it reloads once more).
    let version = state.status.borrow().version.clone();
    let root = state.root.clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let target = tokio::task::spawn_blocking(move || resolve(&root, &path, query.as_deref()))
        .await
        .unwrap_or(Target::NotFound);
    match target {
        Target::File(file) => serve_file(&file, req, StatusCode::OK, &version).await,
        Target::Redirect(location) => {
            let mut resp = text(StatusCode::FOUND, "moved\n");
            if let Ok(value) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(LOCATION, value);
            }
            resp
        }
        Target::BadRequest => text(StatusCode::BAD_REQUEST, "bad request path\n"),
        Target::NotFound => not_found(&state.root, req.method() == Method::HEAD, &version).await,
    }
}

/// The site's `404.html` with status 404, or a short text.
async fn not_found(root: &Path, head: bool, version: &str) -> Response {
    let root = root.to_path_buf();
    let page = tokio::task::spawn_blocking(move || {
        let root = root.canonicalize().ok()?;
        inside(&root, &root.join("404.html"))
    })
    .await
    .ok()
    .flatten();
    match page {
        Some(page) => {
            // A plain request: the client's ranges and conditions were for
            // the missing file.
            let method = if head { Method::HEAD } else { Method::GET };
            let req = Request::builder()
                .method(method)
                .body(Body::empty())
                .unwrap_or_default();
            serve_file(&page, req, StatusCode::NOT_FOUND, version).await
        }
        None => {
            // Also what a book whose first build failed shows: a page, so
            // that the overlay can say why, and reload once it builds.
            let page = inject_snippet(NOT_BUILT.as_bytes(), &snippet(version));
            let len = page.len();
            let body = if head {
                Body::empty()
            } else {
                Body::from(page)
            };
            let mut resp = (
                StatusCode::NOT_FOUND,
                [(CONTENT_TYPE, "text/html; charset=utf-8")],
                body,
            )
                .into_response();
            resp.headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(len));
            resp
        }
    }
}

/// The 404 page of a site without one (or not built yet).
const NOT_BUILT: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n\
    <body><h1>404 Not Found</h1><p>There is no page here, or the site has not been built yet.</p></body></html>\n";

/// Serve `file` through `ServeFile`, with a charset on text types, and the
/// reload snippet added to HTML.
async fn serve_file(file: &Path, req: Request, status: StatusCode, version: &str) -> Response {
    let head = req.method() == Method::HEAD;
    let mut resp = match ServeFile::new(file).try_call(req).await {
        Ok(resp) => resp.map(Body::new),
        Err(_) => return text(StatusCode::INTERNAL_SERVER_ERROR, "cannot read the file\n"),
    };
    let Some(ty) = resp.headers().get(CONTENT_TYPE).cloned() else {
        return resp;
    };
    let ty = content_type_of(ty.to_str().unwrap_or(""));
    let html = ty.starts_with("text/html");
    if let Ok(value) = HeaderValue::from_str(&ty) {
        resp.headers_mut().insert(CONTENT_TYPE, value);
    }
    // Only a whole page (not a range, not "not modified") gets the snippet.
    if resp.status() != StatusCode::OK {
        return resp;
    }
    *resp.status_mut() = status;
    if !html {
        return resp;
    }
    let len = resp
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if len.is_none_or(|len| len > MAX_HTML) {
        return resp;
    }
    let snippet = snippet(version);
    if head {
        if let Some(len) = len {
            resp.headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(len + snippet.len()));
        }
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(page) = axum::body::to_bytes(body, MAX_HTML).await else {
        return text(StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page\n");
    };
    let page = inject_snippet(&page, &snippet);
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(page.len()));
    Response::from_parts(parts, Body::from(page))
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

/// The `Content-Type` to send for the one `ServeFile` guessed: text types
/// say they are UTF-8 (what mdBook writes), and JavaScript gets its
/// current name.
pub(crate) fn content_type_of(guessed: &str) -> String {
    match guessed {
        "application/javascript" | "text/javascript" => "text/javascript; charset=utf-8".into(),
        t if t.starts_with("text/") && !t.contains("charset") => format!("{t}; charset=utf-8"),
        t => t.to_string(),
    }
}

/// What `path` (the request path, still percent-encoded) names under `root`.
fn resolve(root: &Path, path: &str, query: Option<&str>) -> Target {
    let Some(segments) = request_segments(path) else {
        return Target::BadRequest;
    };
    let Ok(root) = root.canonicalize() else {
        return Target::NotFound;
    };
    let mut full = root.clone();
    full.extend(&segments);
    let Some(real) = inside(&root, &full) else {
        return Target::NotFound;
    };
    let dir = real.is_dir();
    if dir && !path.ends_with('/') && !segments.is_empty() {
        // Relative links in the page need the slash.
        let mut location = String::new();
        for segment in &segments {
            location.push('/');
            location.extend(percent_encoding::utf8_percent_encode(segment, SEGMENT));
        }
        location.push('/');
        if let Some(query) = query.filter(|q| q.bytes().all(|b| b.is_ascii_graphic())) {
            location.push('?');
            location.push_str(query);
        }
        return Target::Redirect(location);
    }
    let file = if dir {
        inside(&root, &real.join("index.html"))
    } else if path.ends_with('/') {
        None
    } else {
        Some(real)
    };
    match file {
        Some(file) if file.is_file() => Target::File(file),
        _ => Target::NotFound,
    }
}

/// Characters escaped in a path segment of a redirect.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `path` canonicalised, if it exists and really is under `root` (canonical).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(root).then_some(real)
}

/// The path's segments after percent-decoding and normalising `.` and `..`;
/// `None` when it is malformed or would leave the web root.
fn request_segments(path: &str) -> Option<Vec<String>> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    // An escape that is not two hex digits is left as is by the decoder.
    let malformed_escape = path.match_indices('%').any(|(i, _)| {
        !path
            .get(i + 1..i + 3)
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if malformed_escape
        || decoded.contains(['\0', '\\'])
        || (cfg!(windows) && decoded.contains(':'))
    {
        return None;
    }
    let mut segments: Vec<String> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            _ => {
                // Exactly one ordinary component, whatever the platform.
                let mut components = Path::new(segment).components();
                match (components.next(), components.next()) {
                    (Some(Component::Normal(c)), None) if c == segment => {}
                    _ => return None,
                }
                segments.push(segment.to_string());
            }
        }
    }
    Some(segments)
}

/// `path` made absolute, without touching the file system.
pub(super) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

// ---------------------------------------------------------------------------
// The snippet added to pages

/// The script and styles added to every HTML page served: the reload
/// websocket client and the build-error overlay (`client.js`), for a page
/// served at `version`.
pub fn snippet(version: &str) -> String {
    // The version is ours (hex digits, '-', digits): nothing to escape.
    debug_assert!(
        version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    );
    format!(
        "<script>{}</script>",
        include_str!("client.js")
            .trim()
            .replace("__VERSION__", version)
            .replace("__RELOAD_PATH__", RELOAD_PATH)
    )
}

/// Insert `snippet` just before the last `</body>` (or at the end).
pub(crate) fn inject_snippet(html: &[u8], snippet: &str) -> Vec<u8> {
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_normalised_and_confined() {
        assert_eq!(request_segments("/"), Some(vec![]));
        assert_eq!(
            request_segments("/sub/./a%20b.html"),
            Some(vec!["sub".to_string(), "a b.html".to_string()])
        );
        assert_eq!(
            request_segments("/sub/../a.css"),
            Some(vec!["a.css".to_string()])
        );
        for bad in [
            "/../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/sub/../../x",
            "/a/%2e%2e/%2e%2e/x",
            "/%zz",
            "/%2",
            "/a%00b",
            "/a%5c..%5cb",
            "/%ff",
        ] {
            assert_eq!(request_segments(bad), None, "{bad}");
        }
    }

    #[test]
    fn snippet_is_injected_before_body_end() {
        let snippet = snippet("abc-3");
        assert!(snippet.contains("\"abc-3\""));
        assert!(snippet.contains(RELOAD_PATH));
        assert!(!snippet.contains("__VERSION__"));
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject_snippet(html, &snippet)).unwrap();
        assert!(out.ends_with("</script></BODY></html>"));
        let out = String::from_utf8(inject_snippet(b"<p>no body</p>", &snippet)).unwrap();
        assert!(out.starts_with("<p>no body</p><script>"));
    }

    #[test]
    fn text_types_say_utf_8() {
        assert_eq!(content_type_of("text/html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type_of("application/javascript"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type_of("image/png"), "image/png");
        assert_eq!(content_type_of("application/json"), "application/json");
    }
}
