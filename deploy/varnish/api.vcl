vcl 4.1;
# Varnish in front of the newsletter API: keeps public GraphQL GET answers and feeds for as long
# as the API's Cache-Control says (a minute), and drops exactly the answers a write touched when
# the API sends `PURGE` with their keys (CDN_PURGE_FORMAT=varnish, CDN_PURGE_URL=this cache).
# Backends live in backends.vcl (an example ships beside this file): `varnishd -f api.vcl
# -p vcl_path=<folder with your backends.vcl>:<this folder>`. See docs/scaling.md.

import std;
import xkey;

include "backends.vcl";

# Who may purge: the API instances (CDN_PURGE_URL points here). Loopback by default.
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  set req.backend_hint = api.backend();
  # A stale copy only while no instance answers (the API's stale-if-error): while one does,
  # every expired answer is fetched again, so a pre-embargo copy never outlives its minute.
  if (std.healthy(req.backend_hint)) {
    set req.grace = 0s;
  }

  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Purging is for the API's instances"));
    }
    if (!req.http.xkey-purge) {
      return (synth(400, "PURGE needs an xkey-purge header naming the keys"));
    }
    set req.http.n-gone = xkey.purge(req.http.xkey-purge);
    return (synth(200, "Purged " + req.http.n-gone + " object(s)"));
  }

  # The editors' app and its session (cookies) go straight through.
  if (req.url ~ "^/admin") {
    return (pass);
  }
  # Answers shaped by who asks are never shared (the API says private, no-store too); the
  # app's GraphQL requests carry their session cookie with X-CSRF-Token.
  if (req.http.authorization || req.http.x-preview-token || req.http.x-voter-key || req.http.x-csrf-token) {
    return (pass);
  }
  # Elsewhere cookies change nothing the API answers: do not let them split or bypass the cache.
  unset req.http.cookie;

  # One cached copy per media type the API can answer with, not per browser's Accept header.
  if (req.url ~ "^/graphql") {
    if (req.http.accept ~ "text/event-stream") {
      return (pass);
    } elsif (req.http.accept ~ "application/graphql-response\+json") {
      set req.http.accept = "application/graphql-response+json";
    } else {
      set req.http.accept = "application/json";
    }
  }
}

sub vcl_backend_response {
  # Past its max-age a copy is kept a day (stale-if-error=86400) for when no instance
  # answers, and an hour more to revalidate with its ETag (a 304 is cheap).
  set beresp.grace = 24h;
  set beresp.keep = 1h;
  if (beresp.status >= 500) {
    set beresp.uncacheable = true;
    set beresp.ttl = 0s;
  }
}

sub vcl_deliver {
  # Whether this answer came from the cache: HIT, or MISS (read by the integration test).
  if (obj.hits > 0) {
    set resp.http.x-edge = "HIT";
  } else {
    set resp.http.x-edge = "MISS";
  }
  # The keys are for this cache only.
  unset resp.http.xkey;
  unset resp.http.surrogate-key;
}
