// Carries the precompiled header that the GUI tests reuse (tests/CMakeLists.txt); it defines nothing.
