//! The API end to end through the router: every route the OpenAPI description lists answers, bad
//! parameters get 400 with a message, writes need the token, limits hold.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use dyad_core::contract::parse_date;
use dyad_core::{ActorCode, Document, Entity, EntityType, Event, EventActor, Mention, MentionKind, Modality, Pipeline};
use dyad_core::{Quote, QuoteKind, Span};
use dyad_server::{Config, Ingest};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const TOKEN: &str = "s3cret-token";

fn span(doc: &Document, word: &str) -> Span {
    let start = doc.text.find(word).unwrap_or_else(|| panic!("{word} in {}", doc.text));
    Span::new(start, start + word.len())
}

fn country(doc: &Document, name: &str, code: &str) -> Entity {
    Entity {
        name: name.into(),
        kind: EntityType::Gpe,
        actor: Some(ActorCode { code: code.into(), name: name.into() }),
        country: Some(code.into()),
        mentions: vec![Mention { span: span(doc, name), sentence: 0, kind: MentionKind::Name }],
    }
}

/// A document as the pipeline would leave it: two countries, one event between them, one quote.
fn article(id: &str, date: &str, text: &str, verb: &str, code: &str, quad_class: u8, goldstein: f32) -> Document {
    let mut doc = Document::new(id, text);
    doc.title = Some(format!("Story {id}"));
    doc.date = parse_date(date);
    doc.entities = vec![country(&doc, "China", "CHN"), country(&doc, "Russia", "RUS")];
    doc.events.push(Event {
        sentence: 0,
        source: Some(EventActor { code: "CHN".into(), span: span(&doc, "China"), entity: Some(0) }),
        target: Some(EventActor { code: "RUS".into(), span: span(&doc, "Russia"), entity: Some(1) }),
        code: code.into(),
        goldstein,
        quad_class,
        plover: None,
        trigger: span(&doc, verb),
        negated: false,
        modality: Modality::Asserted,
        date: None,
        quote: None,
        location: None,
    });
    doc.quotes.push(Quote {
        span: span(&doc, "We are partners."),
        sentence: 1,
        kind: QuoteKind::Direct,
        speaker: None,
        cue: Some("said".into()),
        via: Vec::new(),
    });
    doc
}

fn fingerprint(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

fn ingest() -> Arc<Ingest> {
    Arc::new(|store, docs| store.insert_batch(docs.iter().map(|d| (d, fingerprint(&d.text)))))
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: Router,
}

fn fixture(config: Config) -> Fixture {
    fixture_with(config, Pipeline::new())
}

fn fixture_with(config: Config, pipeline: Pipeline) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let mut store = dyad_store::Store::open(&db).unwrap();
    let docs = [
        article("a1", "2024-03-19", "China praised Russia on Tuesday. “We are partners.”", "praised", "051", 1, 3.4),
        article(
            "a2",
            "2024-04-02",
            "Étienne says China accused Russia. “We are partners.” he added.",
            "accused",
            "112",
            3,
            -2.0,
        ),
    ];
    ingest()(&mut store, &docs).unwrap();
    drop(store);
    let app = dyad_server::app(&db, Arc::new(pipeline), ingest(), config).unwrap();
    Fixture { _dir: dir, app }
}

fn with_token() -> Config {
    Config { token: Some(TOKEN.into()), ..Default::default() }
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, body)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    call(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, token: Option<&str>, body: impl Into<Body>) -> (StatusCode, Value) {
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    call(app, request.body(body.into()).unwrap()).await
}

fn new_document() -> String {
    json!({"id": "posted-1", "text": "Russia thanked China.", "date": "2024-05-01", "title": "Thanks"}).to_string()
}

#[tokio::test]
async fn every_documented_route_answers() {
    let f = fixture(with_token());
    let (status, spec) = get(&f.app, "/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() >= 12, "{:?}", paths.keys());
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            // Fill the required parameters from their examples, the path id with a stored document.
            let mut uri = path.replace("{id}", "a1");
            let required: Vec<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["required"] == true && p["in"] == "query")
                .map(|p| format!("{}={}", p["name"].as_str().unwrap(), p["schema"]["example"].as_str().unwrap()))
                .collect();
            if !required.is_empty() {
                uri = format!("{uri}?{}", required.join("&"));
            }
            let (status, body) = match method.as_str() {
                "get" => get(&f.app, &uri).await,
                "post" => post(&f.app, &uri, Some(TOKEN), new_document()).await,
                other => panic!("undocumented method {other}"),
            };
            assert!(status.is_success(), "{method} {uri}: {status} {body}");
            assert!(body.is_object(), "{method} {uri}: {body}");
        }
    }
}

#[tokio::test]
async fn reads_return_the_stored_data() {
    let f = fixture(Config::default());
    let (_, docs) = get(&f.app, "/api/documents").await;
    assert_eq!(docs["total"], 2);
    assert_eq!(docs["items"][0]["id"], "a2", "newest first");

    let (status, doc) = get(&f.app, "/api/documents/a2").await;
    assert_eq!(status, StatusCode::OK);
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let slice = |v: &Value, s: &str, e: &str| -> String {
        text[v[s].as_u64().unwrap() as usize..v[e].as_u64().unwrap() as usize].iter().collect()
    };
    let event = &doc["events"][0];
    assert_eq!(slice(event, "trigger_start", "trigger_end"), "accused");
    assert_eq!(slice(&event["source"], "start", "end"), "China");
    assert_eq!(slice(&event["target"], "start", "end"), "Russia");
    assert_eq!(slice(&doc["quotes"][0], "start", "end"), "We are partners.");

    let (_, events) = get(&f.app, "/api/events?actor=rus&partner=CHN&root=11").await;
    assert_eq!(events["items"].as_array().unwrap().len(), 1);
    assert_eq!(events["items"][0]["code"], "112");
    let (_, events) = get(&f.app, "/api/events?quad_class=1&from=2024-03&to=2024-03").await;
    assert_eq!(events["items"].as_array().unwrap().len(), 1);
    let (_, page) = get(&f.app, "/api/events?limit=1&offset=1").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!((page["limit"].as_i64(), page["offset"].as_i64()), (Some(1), Some(1)));

    let (_, series) = get(&f.app, "/api/dyad?a=CHN&b=RUS&by=month").await;
    let periods: Vec<&str> =
        series["items"].as_array().unwrap().iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2024-03", "2024-04"]);
    let (_, network) = get(&f.app, "/api/network").await;
    assert_eq!(network["items"][0]["events"], 2);
    let (_, hits) = get(&f.app, "/api/search?q=partners").await;
    let kinds: Vec<&str> = hits["items"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"article") && kinds.contains(&"quote"), "{kinds:?}");
    let (_, entities) = get(&f.app, "/api/entities?actor=CHN").await;
    assert_eq!(entities["items"][0]["documents"], 2);
    let (_, quotes) = get(&f.app, "/api/quotes?from=2024-04").await;
    assert_eq!(quotes["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_message() {
    let f = fixture(Config::default());
    for uri in [
        "/api/events?limit=0",
        "/api/events?limit=100000",
        "/api/events?limit=ten",
        "/api/events?offset=-1",
        "/api/events?from=March",
        "/api/events?from=2024-05&to=2024-04",
        "/api/events?quad_class=9",
        "/api/events?root=1",
        "/api/events?code=05x",
        "/api/events?actor=CHN;DROP",
        "/api/events?partner=RUS",
        "/api/events?colour=red",
        "/api/documents?from=2024-02-30",
        "/api/dyad?a=CHN",
        "/api/dyad?a=CHN&b=RUS&by=week",
        "/api/dyad?a=CHN&b=RUS&directed=maybe",
        "/api/network?group=planet",
        "/api/network?min_events=0",
        "/api/search",
        "/api/search?q=%20%21%20",
    ] {
        let (status, body) = get(&f.app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        let message = body["error"].as_str().unwrap_or_default();
        assert!(message.len() > 5, "{uri}: no message in {body}");
    }
    let (status, body) = post(&f.app, "/api/extract", None, "{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = post(&f.app, "/api/extract", None, r#"{"id": "x"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("text"), "{body}");
}

#[tokio::test]
async fn unknown_ids_and_routes_get_404() {
    let f = fixture(Config::default());
    let (status, body) = get(&f.app, "/api/documents/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("nope"));
    let (status, body) = get(&f.app, "/api/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].is_string());
}

#[tokio::test]
async fn writes_need_the_token() {
    let f = fixture(with_token());
    let (status, body) = post(&f.app, "/api/documents", None, new_document()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _) = post(&f.app, "/api/documents", Some("wrong"), new_document()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, docs) = get(&f.app, "/api/documents").await;
    assert_eq!(docs["total"], 2, "nothing was stored");

    let (status, body) = post(&f.app, "/api/documents", Some(TOKEN), new_document()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["added"], 1);
    let (status, body) = post(&f.app, "/api/documents", Some(TOKEN), new_document()).await;
    assert_eq!((status, &body["skipped"]), (StatusCode::OK, &json!(1)), "stored once");
    let (status, _) = get(&f.app, "/api/documents/posted-1").await;
    assert_eq!(status, StatusCode::OK);

    // Reads stay open; extraction stores nothing.
    let (status, out) = post(&f.app, "/api/extract", None, json!({"id": "x", "text": "Hello."}).to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(out["id"], "x");
    assert!(out["events"].is_array() && out["entities"].is_array());
    assert_eq!(get(&f.app, "/api/documents/x").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_a_token_writes_are_disabled() {
    let f = fixture(Config::default());
    let (status, body) = post(&f.app, "/api/documents", Some(TOKEN), new_document()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}

#[tokio::test]
async fn a_private_server_needs_the_token_to_read() {
    let f = fixture(Config { private: true, ..with_token() });
    let (status, _) = get(&f.app, "/api/documents").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = get(&f.app, "/openapi.json").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let request = Request::get("/api/documents").header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
    let (status, _) = call(&f.app, request.body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    // The dashboard itself holds no data: it loads, then asks for the token.
    assert_eq!(get(&f.app, "/").await.0, StatusCode::OK);

    let dir = tempfile::tempdir().unwrap();
    let no_token = Config { private: true, ..Default::default() };
    assert!(dyad_server::app(&dir.path().join("s.db"), Arc::new(Pipeline::new()), ingest(), no_token).is_err());
}

#[tokio::test]
async fn large_bodies_get_413() {
    let f = fixture(Config { body_limit: 1000, ..with_token() });
    let text = "word ".repeat(1000);
    let body = json!({"id": "big", "text": text}).to_string();
    let (status, err) = post(&f.app, "/api/extract", None, body.clone()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    let (status, _) = post(&f.app, "/api/documents", Some(TOKEN), body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_dashboard_is_served_from_the_binary_and_loads_nothing_from_elsewhere() {
    let f = fixture(Config::default());
    for (uri, kind) in [("/", "text/html"), ("/app.js", "text/javascript"), ("/app.css", "text/css")] {
        let response = f.app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        let headers = response.headers();
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(kind), "{uri}");
        assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'self'"));
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8(body.to_vec()).unwrap();
        for external in ["src=\"http", "href=\"http", "@import", "fetch(\"http", "url(http"] {
            assert!(!body.contains(external), "{uri} refers elsewhere: {external}");
        }
    }
}

/// A pipeline stage that holds every document until the test opens the gate, so that requests stay in
/// flight for as long as the test needs (no sleeps, no timing).
#[derive(Clone, Default)]
struct Gate(Arc<(std::sync::Mutex<(usize, bool)>, std::sync::Condvar)>);

impl Gate {
    fn entered(&self) -> usize {
        self.0 .0.lock().unwrap().0
    }

    fn open(&self) {
        self.0 .0.lock().unwrap().1 = true;
        self.0 .1.notify_all();
    }
}

impl dyad_core::Stage for Gate {
    fn name(&self) -> &'static str {
        "gate"
    }

    fn annotate(&self, _: &mut Document) {
        let (lock, wake) = &*self.0;
        let mut state = lock.lock().unwrap();
        state.0 += 1;
        while !state.1 {
            state = wake.wait(state).unwrap();
        }
    }
}

async fn until(what: impl Fn() -> bool) {
    while !what() {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipeline_runs_over_the_limit_get_503_and_queries_go_on() {
    let gate = Gate::default();
    let mut pipeline = Pipeline::new();
    pipeline.push(Box::new(gate.clone()));
    let f = fixture_with(Config { max_pipeline_runs: 1, ..with_token() }, pipeline);
    let doc = json!({"id": "x", "text": "China praised Russia."}).to_string();

    let app = f.app.clone();
    let first = tokio::spawn({
        let doc = doc.clone();
        async move { post(&app, "/api/extract", None, doc).await }
    });
    until(|| gate.entered() == 1).await;
    // The one pipeline run allowed is taken: both pipeline routes shed, reads are served.
    let response =
        f.app.clone().oneshot(Request::post("/api/extract").body(Body::from(doc.clone())).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    let (status, _) = post(&f.app, "/api/documents", Some(TOKEN), doc.clone()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(get(&f.app, "/api/counts").await.0, StatusCode::OK);

    gate.open();
    assert_eq!(first.await.unwrap().0, StatusCode::OK);
    assert_eq!(post(&f.app, "/api/extract", None, doc).await.0, StatusCode::OK, "the limit is given back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_over_the_in_flight_limit_get_503() {
    let gate = Gate::default();
    let mut pipeline = Pipeline::new();
    pipeline.push(Box::new(gate.clone()));
    let f = fixture_with(Config { max_in_flight: 1, ..Default::default() }, pipeline);
    let app = f.app.clone();
    let first = tokio::spawn(async move {
        post(&app, "/api/extract", None, json!({"id": "x", "text": "China praised Russia."}).to_string()).await
    });
    until(|| gate.entered() == 1).await;
    let (status, body) = get(&f.app, "/api/counts").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body["error"].as_str().unwrap().contains("busy"), "{body}");
    assert_eq!(get(&f.app, "/").await.0, StatusCode::SERVICE_UNAVAILABLE, "the dashboard is under the limit too");
    gate.open();
    assert_eq!(first.await.unwrap().0, StatusCode::OK);
    assert_eq!(get(&f.app, "/api/counts").await.0, StatusCode::OK);
}

/// The server on a loopback socket, for what only a real connection shows.
async fn listening(config: Config) -> (std::net::SocketAddr, Fixture) {
    let f = fixture(config.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = f.app.clone();
    tokio::spawn(async move { dyad_server::serve(listener, app, &config).await.unwrap() });
    (addr, f)
}

/// Sends `request` bytes as they are and reads until the server closes the connection. The outer bound
/// only turns a hang into a failure; it measures nothing.
async fn raw(addr: std::net::SocketAddr, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(60), stream.read_to_end(&mut out))
        .await
        .expect("the server closes the connection")
        .ok();
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn slow_clients_are_cut_off() {
    let config = Config {
        header_timeout: std::time::Duration::from_millis(300),
        timeout: std::time::Duration::from_millis(300),
        ..Default::default()
    };
    let (addr, _f) = listening(config).await;
    // Headers never finished: the connection is closed without an answer.
    let answer = raw(addr, b"GET /api/counts HTTP/1.1\r\nHost: x\r\n").await;
    assert!(!answer.contains("200 OK"), "{answer}");
    // A body that never comes in full: 408.
    let answer =
        raw(addr, b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"id\"")
            .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // A whole request is served, and an idle keep-alive connection is then closed.
    let answer = raw(addr, b"GET /api/counts HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn no_route_reads_files() {
    let (addr, _f) = listening(Config::default()).await;
    for path in [
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/app.js/../../../../etc/passwd",
        "/api/documents/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%2Fetc%2Fpasswd",
        "//etc/passwd",
        "/Cargo.toml",
        "/store.db",
        "/assets/app.js",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let answer = raw(addr, request.as_bytes()).await;
        let status: u16 = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        assert!(matches!(status, 400 | 404), "{path}: {answer}");
        assert!(!answer.contains("root:") && !answer.contains("[package]") && !answer.contains("SQLite"), "{path}");
    }
}
