# RpcScope's CA and the certificates it issues (core/certs), judged by the openssl command-line tool.
rpcscope_add_test(core/certs certificateauthority TIMEOUT 60)
