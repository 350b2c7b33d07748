-- Loaded by tests/bench/gui_open into Wireshark's GUI: Wireshark calls a tap listener's draw() while the file is read
-- and once more when it has been read and listed, which is the moment rpcscope --bench-open reports. Once all the
-- file's packets (RPCSCOPE_BENCH_PACKETS, counted by capinfos) have been seen, prints the time since the epoch, the
-- packets and the resident memory, and quits.
local expected = tonumber(os.getenv("RPCSCOPE_BENCH_PACKETS") or "0")
local packets = 0
local tap = Listener.new("frame")
function tap.packet() packets = packets + 1 end
function tap.reset() packets = 0 end
function tap.draw()
    if packets < expected then return end
    local now = io.popen("date +%s.%N"):read("*l")
    local rss, hwm = "?", "?"
    for line in io.lines("/proc/self/status") do
        local v = line:match("^VmRSS:%s+(%d+)")
        if v then rss = v end
        v = line:match("^VmHWM:%s+(%d+)")
        if v then hwm = v end
    end
    io.stderr:write(string.format("wireshark-loaded at=%s packets=%d rss_kib=%s peak_rss_kib=%s\n", now, packets, rss, hwm))
    io.stderr:flush()
    os.exit(0)
end
