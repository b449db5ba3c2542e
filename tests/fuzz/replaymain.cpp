// Replays fuzz inputs through a libFuzzer target's entry point without libFuzzer, so that the normal
// (GCC) build runs every corpus file as a regression test: fuzz_replay_<name> [DIR_OR_FILE ...]
//
// Runs every file under the given directories (recursively, sorted by path) or the given files, then a
// few built-in edge inputs (empty, every single byte, 1 MB of 'A', invalid UTF-8), and prints how many
// inputs ran. Without arguments it replays SMARTDATA_FUZZ_CORPUS (the target's corpus in the source
// tree, set by tests/fuzz/CMakeLists.txt). Exits non-zero when a directory is missing or holds no file;
// a failing input aborts (the targets std::abort() on a broken invariant), after its path is printed.

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// Optional in a target, as with libFuzzer.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace {

namespace fs = std::filesystem;

// The input being run, for the crash handler (which may only call async-signal-safe functions).
char currentInput[4096] = "(none)";

void setCurrent(const std::string &name)
{
    const size_t n = std::min(name.size(), sizeof currentInput - 1);
    std::memcpy(currentInput, name.data(), n);
    currentInput[n] = '\0';
}

void onFatalSignal(int signal)
{
    static const char prefix[] = "fuzz replay: input crashed: ";
    (void)!write(STDERR_FILENO, prefix, sizeof prefix - 1);
    (void)!write(STDERR_FILENO, currentInput, std::strlen(currentInput));
    (void)!write(STDERR_FILENO, "\n", 1);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

// Runs one input from its own exactly-sized heap block, as libFuzzer does (so that a sanitizer sees
// reads past the end).
void runOne(const std::string &name, const std::vector<uint8_t> &bytes)
{
    setCurrent(name);
    auto *copy = new uint8_t[bytes.size() ? bytes.size() : 1];
    std::copy(bytes.begin(), bytes.end(), copy);
    LLVMFuzzerTestOneInput(copy, bytes.size());
    delete[] copy;
}

bool readFile(const fs::path &path, std::vector<uint8_t> &bytes)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

} // namespace

int main(int argc, char **argv)
{
    for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
        std::signal(signal, onFatalSignal);
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);

    std::vector<std::string> roots(argv + 1, argv + argc);
#ifdef SMARTDATA_FUZZ_CORPUS
    if (roots.empty())
        roots.emplace_back(SMARTDATA_FUZZ_CORPUS);
#endif
    if (roots.empty()) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }

    std::vector<fs::path> files;
    for (const std::string &root : roots) {
        std::error_code error;
        if (fs::is_regular_file(root, error)) {
            files.emplace_back(root);
            continue;
        }
        if (!fs::is_directory(root, error)) {
            std::fprintf(stderr, "fuzz replay: no such corpus directory or file: %s\n", root.c_str());
            return 1;
        }
        size_t found = 0;
        for (auto it = fs::recursive_directory_iterator(root, error); !error && it != fs::recursive_directory_iterator();
             it.increment(error)) {
            if (it->is_regular_file()) {
                files.push_back(it->path());
                ++found;
            }
        }
        if (error) {
            std::fprintf(stderr, "fuzz replay: cannot list %s: %s\n", root.c_str(), error.message().c_str());
            return 1;
        }
        if (found == 0) {
            std::fprintf(stderr, "fuzz replay: corpus directory %s holds no file\n", root.c_str());
            return 1;
        }
    }
    std::sort(files.begin(), files.end());

    size_t ran = 0;
    std::vector<uint8_t> bytes;
    for (const fs::path &file : files) {
        if (!readFile(file, bytes)) {
            std::fprintf(stderr, "fuzz replay: cannot read %s\n", file.c_str());
            return 1;
        }
        runOne(file.string(), bytes);
        ++ran;
    }
    const size_t fromCorpus = ran;

    // Edge inputs every target must survive, whatever its corpus holds.
    runOne("(built-in) empty", {});
    ++ran;
    for (int b = 0; b < 256; ++b) {
        runOne("(built-in) one byte " + std::to_string(b), {uint8_t(b)});
        ++ran;
    }
    runOne("(built-in) 1 MB of 'A'", std::vector<uint8_t>(1 << 20, 'A'));
    ++ran;
    // Overlong encodings, a lone continuation byte, a truncated sequence, a surrogate, bytes never valid.
    const std::vector<uint8_t> invalidUtf8{0x00, 0x02, 't', 's', ',', 'v', '\n', 0xc0, 0xaf, 0x80, ',', 0xe2, 0x82,
                                           '\n', 0xed, 0xa0, 0x80, ',', 0xff, 0xfe, '\n', 0xf8, 0x88, 0x80, 0x80, 0x80};
    runOne("(built-in) invalid UTF-8", invalidUtf8);
    ++ran;

    setCurrent("(none)");
    std::printf("fuzz replay: %zu inputs ran (%zu corpus files, %zu built-in), no failure\n", ran, fromCorpus,
                ran - fromCorpus);
    return 0;
}
