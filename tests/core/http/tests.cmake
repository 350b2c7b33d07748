# HTTP/1.x: the incremental framer and the reading of one framed message (head, chunked, content codings, limits).
rpcscope_add_test(core/http httpparser)
rpcscope_add_test(core/http httpmessage LIBS ZLIB::ZLIB)
