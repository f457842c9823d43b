# ruff: noqa: S608  (the SQL is built from constants of this module only)
"""PostgreSQL functions of the database throttle: one round trip per admission.

On PostgreSQL, admitting a start or taking a lease is one call to a server-side function, as on
Redis it is one Lua script (the ``limits`` package's moving window): the key's row is locked,
the log is trimmed, counted and appended, and the transaction commits, all inside the server.
From Python that took six round trips with the lock held across them; under load the queue on
the row lock, and the gap between the stamp and the request reaching the store, grew with them.

Each statement of a PL/pgSQL function takes a fresh snapshot (READ COMMITTED), so the rows a
worker committed while this one waited for the lock are counted. ``synchronous_commit`` is off
for these transactions only: a start lost in a database crash costs at most one extra request
in that window, and not waiting for the WAL flush shortens the lock and the gap.

The function names carry a version: a changed definition gets a new name (and a migration), so
code never calls a definition older than itself.
"""

from __future__ import annotations

START_FUNCTION = "switchboard_throttle_start_v1"
LEASE_FUNCTION = "switchboard_throttle_lease_v1"

_LOCK_KEY_ROW = """
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM 1 FROM subscriptions_throttlekey WHERE key = {key} FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO subscriptions_throttlekey (key) VALUES ({key}) ON CONFLICT (key) DO NOTHING;
        PERFORM 1 FROM subscriptions_throttlekey WHERE key = {key} FOR UPDATE;
    END IF;
"""

CREATE_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION {START_FUNCTION}(p_key text, p_limit integer, p_window float8)
RETURNS float8 LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    now_s float8;
    edge float8;
BEGIN
    {_LOCK_KEY_ROW.format(key="p_key")}
    -- Read after the lock: stamps follow the order of admission.
    now_s := EXTRACT(EPOCH FROM clock_timestamp());
    DELETE FROM subscriptions_throttlestart WHERE key = p_key AND started_at <= now_s - p_window;
    SELECT started_at INTO edge FROM subscriptions_throttlestart
        WHERE key = p_key ORDER BY started_at DESC OFFSET p_limit - 1 LIMIT 1;
    IF edge IS NOT NULL THEN
        -- Full: the seconds until the limit-th newest start leaves the window.
        RETURN GREATEST(edge + p_window - now_s, 0.0001);
    END IF;
    INSERT INTO subscriptions_throttlestart (key, started_at) VALUES (p_key, now_s);
    RETURN 0.0;
END;
$$;

CREATE OR REPLACE FUNCTION {LEASE_FUNCTION}(
    p_slot text, p_capacity integer, p_ttl float8, p_lease_id text
)
RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    now_s float8;
    held integer;
BEGIN
    {_LOCK_KEY_ROW.format(key="p_slot")}
    now_s := EXTRACT(EPOCH FROM clock_timestamp());
    DELETE FROM subscriptions_throttlelease WHERE slot = p_slot AND expires_at <= now_s;
    UPDATE subscriptions_throttlelease SET expires_at = now_s + p_ttl
        WHERE slot = p_slot AND lease_id = p_lease_id;
    IF FOUND THEN
        RETURN true;
    END IF;
    SELECT count(*) INTO held FROM subscriptions_throttlelease WHERE slot = p_slot;
    IF held >= p_capacity THEN
        RETURN false;
    END IF;
    INSERT INTO subscriptions_throttlelease (slot, lease_id, expires_at)
        VALUES (p_slot, p_lease_id, now_s + p_ttl);
    RETURN true;
END;
$$;
"""

DROP_FUNCTIONS = f"""
DROP FUNCTION IF EXISTS {START_FUNCTION}(text, integer, float8);
DROP FUNCTION IF EXISTS {LEASE_FUNCTION}(text, integer, float8, text);
"""
