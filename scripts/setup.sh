#!/usr/bin/env bash
# Set up 均衡规划助手 on a fresh machine: system packages (as root), .venv, pinned Python packages,
# and the policy index. Safe to run again; it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  need=()
  for pkg in chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils postgresql; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "==> 安装系统软件包：${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
else
  echo "==> 非 root 用户：请管理员安装 chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils postgresql（浏览器测试、Word 预览、Excel 重算与 PostgreSQL 测试需要）"
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 .venv"
  python3 -m venv .venv
fi
echo "==> 安装 Python 依赖（torch 为 CPU 版，先单独安装）"
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt

echo "==> 建立政策库检索索引（离线）"
HF_HUB_OFFLINE=1 .venv/bin/python -m knowledge build
echo "==> 安装完成"
