# The API instances behind this cache (an example: write your own beside api.vcl, or in a
# folder that comes first on vcl_path). Each is probed at /readyz, so a draining or failed
# instance stops receiving requests.
import directors;

probe ready {
  .url = "/readyz";
  .interval = 2s;
  .timeout = 1s;
  .window = 3;
  .threshold = 2;
}

backend api1 { .host = "127.0.0.1"; .port = "4000"; .probe = ready; }
backend api2 { .host = "127.0.0.1"; .port = "4001"; .probe = ready; }

sub vcl_init {
  new api = directors.round_robin();
  api.add_backend(api1);
  api.add_backend(api2);
}
