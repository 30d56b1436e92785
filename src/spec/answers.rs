//! The shape of `scaffold.yaml`: what a user may answer, with defaults, and nothing else.
//!
//! `deny_unknown_fields` everywhere: a typo is an error that names the nearest key, never a
//! silently ignored setting.

use super::types::{
    ClientId, Command, Date, Domain, Duration, Email, HttpsUrl, Ident, ImageRepo, Network, Note, PathGlob, Port,
    RelPath, Size, UrlPath, Version, VersionTag,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn parsed<T>(r: Result<T, String>) -> T {
    r.unwrap_or_else(|e| panic!("built-in default is invalid: {e}"))
}

/// Declares an answer enum: lower-case variants, the first one listed is the default.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $default:ident => $dname:literal $(, $var:ident => $vname:literal)* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name {
            #[default]
            #[serde(rename = $dname)]
            $default,
            $(#[serde(rename = $vname)] $var,)*
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(match self {
                    $name::$default => $dname,
                    $($name::$var => $vname,)*
                })
            }
        }
    };
}

choice!(Runtime { Node => "node", Go => "go" });
choice!(
    /// `other`: any Node or Go app (Koa, Fastify, Hono, chi…) run by the commands it answers.
    Framework { Nextjs => "nextjs", Express => "express", Nestjs => "nestjs", Go => "go", Other => "other" }
);
choice!(
    /// `other`: any tool, run as `migrations.command` in the migrate image (Sequelize, Knex, Drizzle, Atlas…).
    Orm { Prisma => "prisma", Typeorm => "typeorm", GolangMigrate => "golang-migrate", Goose => "goose", Other => "other", None => "none" }
);
choice!(PackageManager { Npm => "npm", Pnpm => "pnpm", Yarn => "yarn" });
choice!(Proxy { Nginx => "nginx", Traefik => "traefik", Caddy => "caddy" });
choice!(
    /// Mozilla server-side TLS profile (guideline 6.0 has only these two).
    TlsProfile { Intermediate => "intermediate", Modern => "modern" }
);
choice!(Certificates { Letsencrypt => "letsencrypt", Files => "files" });
choice!(Ci { Github => "github", Gitlab => "gitlab", None => "none" });
choice!(Cloud { None => "none", Aws => "aws" });
choice!(
    /// Where an alert route delivers: the secret `secrets/alertmanager_<route>` holds the webhook or
    /// Slack URL, the PagerDuty routing key or the Opsgenie API key; `none` delivers nowhere.
    ReceiverKind { Webhook => "webhook", Slack => "slack", Pagerduty => "pagerduty", Opsgenie => "opsgenie", None => "none" }
);
choice!(EvictionPolicy {
    Noeviction => "noeviction",
    AllkeysLru => "allkeys-lru",
    VolatileLru => "volatile-lru",
    AllkeysLfu => "allkeys-lfu",
    VolatileLfu => "volatile-lfu",
});

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// Project name: compose project, image names, resource prefixes.
    pub project: Ident,
    /// The primary public host name.
    pub domain: Domain,
    #[serde(default)]
    pub extra_domains: Vec<Domain>,
    /// Redirect `www.<domain>` to `<domain>`.
    #[serde(default)]
    pub www_redirect: bool,
    /// Contact for ACME registration and alert mail.
    pub email: Email,
    /// Image repository prefix: app images are `<registry>/<project>-<service>:<tag>`.
    #[serde(default = "Answers::default_registry")]
    pub registry: ImageRepo,
    pub stack: Stack,
    pub services: Vec<Service>,
    #[serde(default)]
    pub proxy: Proxy,
    #[serde(default)]
    pub tls: Tls,
    /// Content-Security-Policy sources the proxy adds to what components add (Sentry's ingest host).
    #[serde(default)]
    pub csp: Csp,
    /// Where the migrations and their configuration live; detection proposes them.
    #[serde(default, skip_serializing_if = "Migrations::is_empty")]
    pub migrations: Migrations,
    #[serde(default)]
    pub postgres: Postgres,
    #[serde(default)]
    pub redis: Redis,
    #[serde(default)]
    pub monitoring: Monitoring,
    #[serde(default)]
    pub ci: Ci,
    #[serde(default)]
    pub cloud: Cloud,
    /// Optional components by id (`scaffold list` shows them).
    #[serde(default)]
    pub components: Vec<Ident>,
    /// Files scaffold never renders, writes, merges or reports missing: the team's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<Exclude>,
    /// Files scaffold writes under another name because the repository keeps its own at the
    /// usual path (a Dockerfile, a workflow); everything scaffold writes refers to the new name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<Moved>,
    /// Checklist items the team has done by hand (`scaffold checklist` shows them as such).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acknowledged: Vec<Acknowledged>,
    /// Per-component answers (`settings.sentry.org`), typed by each component's manifest.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
}

impl Answers {
    fn default_registry() -> ImageRepo {
        parsed(ImageRepo::parse("ghcr.io/example"))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    pub runtime: Runtime,
    pub framework: Framework,
    #[serde(default)]
    pub orm: Orm,
    #[serde(default)]
    pub package_manager: PackageManager,
    #[serde(default = "Stack::default_node")]
    pub node_version: Version,
    #[serde(default = "Stack::default_go")]
    pub go_version: Version,
    /// The package manager's version (`packageManager` in package.json): Yarn 2+ installs with
    /// `--immutable`, Yarn 1 with `--frozen-lockfile`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_manager_version: Option<Version>,
    /// The migration tool's version (`0.2`, `0.3` for TypeORM; `5`, `6` for Prisma).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orm_version: Option<Version>,
    /// Installs the dependencies, from the repository root (default: the package manager's
    /// lockfile-exact install).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install: Option<Command>,
}

impl Migrations {
    pub fn is_empty(&self) -> bool {
        [&self.dir, &self.schema, &self.data_source, &self.data_source_js].iter().all(|p| p.is_none())
            && self.command.is_none()
    }
}

/// A file or glob scaffold leaves alone, and why.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclude {
    pub path: PathGlob,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Note>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moved {
    /// The usual path (`Dockerfile`), left to the repository.
    pub path: RelPath,
    /// Where scaffold writes its version instead (`scaffold.Dockerfile`).
    pub to: RelPath,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Note>,
}

/// Paths of the migration tool's files, relative to the repository root.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Migrations {
    /// The directory of migration files (`prisma/migrations`, `db/migration`, `migrations`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<RelPath>,
    /// Prisma: the schema file or folder (`prisma/schema.prisma`, `prisma/schema`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<RelPath>,
    /// TypeORM: the DataSource (0.3) or ormconfig (0.2) source file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source: Option<RelPath>,
    /// TypeORM: the compiled DataSource the migrate image runs (from tsconfig `outDir`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_js: Option<RelPath>,
    /// The command that applies pending migrations in the migrate image; any tool (required for
    /// `stack.orm: other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
}

impl Stack {
    fn default_node() -> Version {
        parsed(Version::parse("22"))
    }
    fn default_go() -> Version {
        parsed(Version::parse("1.24"))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: Ident,
    pub port: Port,
    /// Reached from the internet through the proxy (a worker is not).
    #[serde(default = "yes")]
    pub public: bool,
    #[serde(default = "Service::default_path")]
    pub path: UrlPath,
    #[serde(default = "Service::default_health")]
    pub health: UrlPath,
    /// Serves Prometheus metrics at `/metrics` of its port (prom-client, express-prom-bundle,
    /// client_golang): scraped, and the request-rate, error and latency alerts use them. Without
    /// them the app is watched through its health endpoint and the proxy's metrics.
    #[serde(default)]
    pub metrics: bool,
    #[serde(default)]
    pub websocket_paths: Vec<UrlPath>,
    /// Paths whose responses stream (Server-Sent Events, long downloads): the edge passes each
    /// chunk on as it comes instead of buffering the response. Traefik limits request bodies only
    /// by buffering, so `max_body` is not enforced on them there.
    #[serde(default)]
    pub streaming_paths: Vec<UrlPath>,
    #[serde(default)]
    pub rate_limited_paths: Vec<UrlPath>,
    #[serde(default = "Service::default_max_body")]
    pub max_body: Size,
    /// The app's directory, relative to the repository root (`apps/web` in a monorepo). The build
    /// context is always the repository root.
    #[serde(default = "Service::default_dir", skip_serializing_if = "RelPath::is_root")]
    pub dir: RelPath,
    /// Builds the app, from the repository root (`none`: nothing to build).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<Command>,
    /// Starts the app in the image, from its `dir` (`node dist/main.js`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Command>,
    /// What CI runs as tests, from the repository root (`none`: no step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<Command>,
    /// What CI runs as lint, from the repository root (`none`: no step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lint: Option<Command>,
    /// Go: the main package built into the image (`.`, `./cmd/server`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main: Option<RelPath>,
}

/// A checklist item done by hand: who did it, when, and where the proof is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledged {
    /// The checklist item (`scaffold checklist --json` lists the ids).
    pub id: Ident,
    pub by: Note,
    pub date: Date,
    /// A link or a path to the record: the drill's ticket, the on-call schedule, a document.
    pub evidence: Note,
}

fn yes() -> bool {
    true
}

impl Service {
    fn default_path() -> UrlPath {
        parsed(UrlPath::parse("/"))
    }
    fn default_health() -> UrlPath {
        parsed(UrlPath::parse("/healthz"))
    }
    fn default_max_body() -> Size {
        parsed(Size::parse("16MB"))
    }
    fn default_dir() -> RelPath {
        parsed(RelPath::parse("."))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Csp {
    /// Hosts the browser may send fetch/XHR/WebSocket/beacon requests to besides the site itself
    /// (an analytics or API host), as `https://<host>`. The policy names `connect-src` only when
    /// this or a component adds a host.
    #[serde(default)]
    pub connect_src: Vec<Domain>,
    /// Enforce the strict baseline (`default-src 'self'`, no inline scripts or styles, forms and
    /// fetches to the site itself). While false it is sent as `Content-Security-Policy-Report-Only`
    /// beside the enforced policy, so the browser console lists what the app would break; turn it
    /// on once that list is empty.
    #[serde(default)]
    pub enforce_strict: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    #[serde(default)]
    pub profile: TlsProfile,
    #[serde(default)]
    pub certificates: Certificates,
    /// Adds `preload` to HSTS; only when the team has decided to submit the domain.
    #[serde(default)]
    pub hsts_preload: bool,
    /// The nginx the config targets: `http2 on` needs 1.25.1.
    #[serde(default = "Tls::default_nginx")]
    pub nginx_version: Version,
    /// The OpenSSL the proxy links: the X25519MLKEM768 group needs 3.5.
    #[serde(default = "Tls::default_openssl")]
    pub openssl_version: Version,
}

impl Tls {
    fn default_nginx() -> Version {
        parsed(Version::parse("1.26"))
    }
    fn default_openssl() -> Version {
        parsed(Version::parse("3.5"))
    }
}

impl Default for Tls {
    fn default() -> Self {
        Tls {
            profile: TlsProfile::default(),
            certificates: Certificates::default(),
            hsts_preload: false,
            nginx_version: Tls::default_nginx(),
            openssl_version: Tls::default_openssl(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Postgres {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "Postgres::default_version")]
    pub version: VersionTag,
    #[serde(default = "Postgres::default_name")]
    pub database: Ident,
    /// The application's role: not the superuser.
    #[serde(default = "Postgres::default_name")]
    pub user: Ident,
    /// Memory of the server's container (`mem_limit`); shared_buffers, effective_cache_size,
    /// work_mem and maintenance_work_mem are sized from it (256MB to 1TB).
    #[serde(default = "Postgres::default_memory")]
    pub memory: Size,
    /// Connections the server accepts: apps, migrations, backups and exporters together (20–5000).
    #[serde(default = "Postgres::default_max_connections")]
    pub max_connections: u32,
}

impl Postgres {
    fn default_version() -> VersionTag {
        parsed(VersionTag::parse("17.6-alpine"))
    }
    fn default_name() -> Ident {
        parsed(Ident::parse("app"))
    }
    fn default_memory() -> Size {
        parsed(Size::parse("1GB"))
    }
    fn default_max_connections() -> u32 {
        100
    }
}

impl Default for Postgres {
    fn default() -> Self {
        Postgres {
            enabled: true,
            version: Postgres::default_version(),
            database: Postgres::default_name(),
            user: Postgres::default_name(),
            memory: Postgres::default_memory(),
            max_connections: Postgres::default_max_connections(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Redis {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "Redis::default_version")]
    pub version: VersionTag,
    /// Append-only file on: needed when Redis holds queues or sessions.
    #[serde(default = "yes")]
    pub persistence: bool,
    #[serde(default = "Redis::default_maxmemory")]
    pub maxmemory: Size,
    #[serde(default)]
    pub eviction: EvictionPolicy,
}

impl Redis {
    fn default_version() -> VersionTag {
        parsed(VersionTag::parse("7.4-alpine"))
    }
    fn default_maxmemory() -> Size {
        parsed(Size::parse("256MB"))
    }
}

impl Default for Redis {
    fn default() -> Self {
        Redis {
            enabled: true,
            version: Redis::default_version(),
            persistence: true,
            maxmemory: Redis::default_maxmemory(),
            eviction: EvictionPolicy::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "Monitoring::default_retention_time")]
    pub retention_time: Duration,
    #[serde(default = "Monitoring::default_retention_size")]
    pub retention_size: Size,
    #[serde(default = "Monitoring::default_scrape_interval")]
    pub scrape_interval: Duration,
    /// Where alerts go, per route: `paging` (critical), `chat` (warning) and `heartbeat` (the
    /// always-firing Watchdog, for a dead man's switch such as healthchecks.io).
    #[serde(default)]
    pub receivers: Receivers,
    #[serde(default)]
    pub grafana: Grafana,
}

/// Who reaches Grafana through the edge, and how they sign in.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grafana {
    /// Addresses or networks that may reach `/grafana/` through the edge; everyone else gets 403.
    /// Empty: anyone may reach its login (rate-limited at the proxy, locked after failures).
    #[serde(default)]
    pub allow: Vec<Network>,
    /// Single sign-on through your OpenID Connect / OAuth2 provider (Grafana's
    /// `auth.generic_oauth`); the password form is then off. Its client secret goes in
    /// `secrets/grafana_oauth_client_secret`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<GrafanaSso>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrafanaSso {
    /// Shown on the button: "Sign in with <name>".
    #[serde(default = "GrafanaSso::default_name")]
    pub name: Note,
    pub client_id: ClientId,
    /// The provider's authorization endpoint.
    pub auth_url: HttpsUrl,
    pub token_url: HttpsUrl,
    /// Where Grafana reads the user's email and name (the OIDC userinfo endpoint).
    pub api_url: HttpsUrl,
    /// Only users whose email is in one of these domains may sign in (empty: any the provider
    /// lets through).
    #[serde(default)]
    pub allowed_domains: Vec<Domain>,
}

impl GrafanaSso {
    fn default_name() -> Note {
        parsed(Note::parse("SSO"))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Receivers {
    #[serde(default)]
    pub paging: ReceiverKind,
    #[serde(default)]
    pub chat: ReceiverKind,
    #[serde(default)]
    pub heartbeat: ReceiverKind,
}

impl Monitoring {
    fn default_retention_time() -> Duration {
        parsed(Duration::parse("15d"))
    }
    fn default_retention_size() -> Size {
        parsed(Size::parse("10GB"))
    }
    fn default_scrape_interval() -> Duration {
        parsed(Duration::parse("30s"))
    }
}

impl Default for Monitoring {
    fn default() -> Self {
        Monitoring {
            enabled: true,
            retention_time: Monitoring::default_retention_time(),
            retention_size: Monitoring::default_retention_size(),
            scrape_interval: Monitoring::default_scrape_interval(),
            receivers: Receivers::default(),
            grafana: Grafana::default(),
        }
    }
}
