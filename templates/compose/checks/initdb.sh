# shellcheck shell=bash
# The server runs with the `-c` settings of the compose `postgres` command: a real PostgreSQL
# refuses to start on a name or value it does not accept.
# Paths of the container (socket directories, archive_command's script) stay out.
T="$SCRATCH/pg"; P=$(free_port 1)
settings=$(pg_settings unix_socket_directories= archive_command=true)
pg_throwaway "$T" "$P" 127.0.0.1 "$settings"; trap pg_stop EXIT
# The role names and the optional roles exactly as the compose file hands them to the script.
DB=$(answer postgres.database)
pg_roles "$DB"
M=$(env_of MIGRATOR_DB_USER); A=$(env_of APP_DB_USER); B=$(env_of BACKUP_DB_USER); E=$(env_of EXPORTER_DB_USER)
q() { $as psql -h "$T/sock" -p "$P" -U postgres -d "$DB" -X -Atc "$1"; }
# As each role, over TCP with its password, like the services.
as_role() { u=$1; shift; PGPASSWORD="$(cat "$T/$u.pw")" psql -h 127.0.0.1 -p "$P" -U "$u" -d "$DB" -X -qAt -v ON_ERROR_STOP=1 "$@"; }
denied() { u=$1; shift; fails as_role "$u" -c "$1" 2>/dev/null || { echo "$u may run: $1" >&2; return 1; }; }
[ "$(q "SELECT count(*) FROM pg_roles WHERE rolname IN ('$M', '$A', '$B', '$E') AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls)")" = 0 ] ||
  { echo "a role is a superuser or may create databases or roles" >&2; exit 1; }
as_role "$M" -c "CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL)" -c "CREATE SCHEMA billing" \
  -c "CREATE TABLE billing.invoices (id bigserial PRIMARY KEY, total numeric)"
as_role "$A" -c "INSERT INTO accounts (email) VALUES ('a@example.test')" -c "UPDATE accounts SET email = 'b@example.test'" \
  -c "INSERT INTO billing.invoices (total) VALUES (1)" -c "SELECT count(*) FROM accounts" -c "DELETE FROM billing.invoices" >/dev/null
for stmt in "DROP TABLE accounts" "ALTER TABLE accounts ADD COLUMN x int" "TRUNCATE accounts" "CREATE TABLE t (x int)" \
  "CREATE INDEX ON accounts (email)" "ALTER TABLE billing.invoices DROP COLUMN total" "CREATE SCHEMA s"; do
  denied "$A" "$stmt"
done
as_role "$M" -c "ALTER TABLE accounts ADD COLUMN name text" -c "CREATE INDEX ON accounts (email)"
if [ -n "$B" ]; then
  as_role "$B" -c "SELECT count(*) FROM accounts" -c "SELECT count(*) FROM billing.invoices" >/dev/null
  for stmt in "INSERT INTO accounts (email) VALUES ('x')" "DELETE FROM accounts" "CREATE TABLE t (x int)"; do denied "$B" "$stmt"; done
fi
if [ -n "$E" ]; then
  [ "$(as_role "$E" -c "SELECT pg_has_role(current_user, 'pg_monitor', 'USAGE')")" = t ] || { echo "$E is not in pg_monitor" >&2; exit 1; }
  for stmt in "SELECT count(*) FROM accounts" "INSERT INTO accounts (email) VALUES ('x')"; do denied "$E" "$stmt"; done
fi
# Again, on a cluster from before these roles (the app role owning the tables): the migrator takes them over.
$as psql -h "$T/sock" -p "$P" -U postgres -d "$DB" -qc "ALTER TABLE accounts OWNER TO \"$A\""
$as env "${PG_ROLES_ENV[@]}" sh postgres/initdb/10-roles.sh
[ "$(q "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname IN ('public', 'billing')")" = "$M" ] ||
  { echo "running the script again left tables owned by another role than $M" >&2; exit 1; }
denied "$A" "DROP TABLE accounts"
as_role "$A" -c "SELECT count(*) FROM accounts" >/dev/null
# As on RDS (the ECS task `db-roles`): run by an administrator with CREATEROLE and CREATEDB
# that is not a superuser, over TCP, with the passwords in the environment.
for u in rds_admin rds_migrator rds_app; do head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$T/$u.pw"; done
q "CREATE ROLE rds_admin LOGIN CREATEROLE CREATEDB PASSWORD '$(cat "$T/rds_admin.pw")'"
q "CREATE DATABASE rds OWNER rds_admin"
for _ in 1 2; do
  env PGHOST=127.0.0.1 PGPORT="$P" PGPASSWORD="$(cat "$T/rds_admin.pw")" POSTGRES_USER=rds_admin POSTGRES_DB=rds \
    MIGRATOR_DB_USER=rds_migrator MIGRATOR_DB_PASSWORD="$(cat "$T/rds_migrator.pw")" \
    APP_DB_USER=rds_app APP_DB_PASSWORD="$(cat "$T/rds_app.pw")" sh postgres/initdb/10-roles.sh
done
DB=rds as_role rds_migrator -c "CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL)"
DB=rds as_role rds_app -c "INSERT INTO accounts (email) VALUES ('a@example.test')" -c "DELETE FROM accounts"
for stmt in "DROP TABLE accounts" "ALTER TABLE accounts ADD COLUMN x int" "CREATE TABLE t (x int)"; do DB=rds denied rds_app "$stmt"; done
[ "$(q "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'rds'")" = rds_migrator ] ||
  { echo "run by an administrator, the script left database rds owned by another role than rds_migrator" >&2; exit 1; }
# shellcheck disable=SC2086 # one setting per word
want=$(printf '%s\n' $settings | sed -n 's/^shared_buffers=//p')
[ "$(q "SELECT pg_size_bytes(current_setting('shared_buffers')) = pg_size_bytes('$want')")" = t ] ||
  { echo "shared_buffers: the server runs with $(q 'SHOW shared_buffers'), not $want"; exit 1; }
# shellcheck disable=SC2086 # one setting per word
want=$(printf '%s\n' $settings | sed -n 's/^max_connections=//p')
[ "$(q 'SHOW max_connections')" = "$want" ] || { echo "max_connections: the server runs with $(q 'SHOW max_connections'), not $want"; exit 1; }
