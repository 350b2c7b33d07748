# The TLS stage on the real captures of tests/data/tls: decryption end to end (against the same calls in the clear
# and against tshark), key-log files read as they grow, pcapng secrets blocks.
rpcscope_add_test(capture/tls tlsdecryptingsink LIBS rpcscope_capture)
