# Files of core/http (paths relative to this folder)
target_sources(rpcscope_core PRIVATE
)
