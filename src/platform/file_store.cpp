#include "platform/file_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "platform/crypto.h"

namespace jiceng {
namespace fs = std::filesystem;
namespace {

bool IsHex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

fs::path PathOf(const std::string& dir, const std::string& sha) {
  return fs::path(dir) / sha.substr(0, 2) / sha;
}

tl::unexpected<Error> IoError(const std::string& what) {
  return Fail(ErrorKind::kInternal, "file_store", "文件存储失败 / file store error: " + what);
}

}  // namespace

Result<std::string> StoreFile(const std::string& dir, std::string_view bytes) {
  const std::string sha = crypto::Sha256Hex(bytes);
  const fs::path target = PathOf(dir, sha);
  std::error_code ec;
  if (fs::exists(target, ec)) return sha;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return IoError(ec.message());
  const fs::path temp = target.string() + ".tmp" + std::to_string(std::random_device{}());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return IoError("open");
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      fs::remove(temp, ec);
      return IoError("write");
    }
    done += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    fs::remove(temp, ec);
    return IoError("fsync");
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    return IoError("rename");
  }
  return sha;
}

Result<std::string> LoadFile(const std::string& dir, const std::string& sha256) {
  if (!IsHex64(sha256)) return NotFound("文件不存在 / file not found");
  std::ifstream in(PathOf(dir, sha256), std::ios::binary);
  if (!in) return NotFound("文件不存在 / file not found");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (crypto::Sha256Hex(bytes) != sha256)
    return Fail(ErrorKind::kInternal, "file_corrupt",
                "文件已损坏（校验和不符）/ the stored file no longer matches its checksum");
  return bytes;
}

}  // namespace jiceng
