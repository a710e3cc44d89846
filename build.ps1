<#
.SYNOPSIS
  One entry point for building, running and testing the chat backend.
.EXAMPLE
  dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 run
  dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 test
  dotnet pwsh -NoProfile -File build.ps1 bench --pairs 100 --rate 1000 --duration 60 --warmup 20
#>
# Arguments after the target (e.g. `bench --pairs 100 --rate 1000`) go to the server (run) or the benchmark (bench).
param(
    [ValidateSet('run', 'test', 'build', 'infra-up', 'infra-down', 'rebuild-projections', 'bench')]
    [string]$Target = 'run'
)
$Rest = @($args)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$DataDir = if ($env:CHAT_DATA_DIR) { $env:CHAT_DATA_DIR } else { Join-Path $Root '.data' }
$PgPort = if ($env:CHAT_PG_PORT) { [int]$env:CHAT_PG_PORT } else { 54329 }
$PgData = Join-Path $DataDir 'postgres'
$PgBin = '/usr/lib/postgresql/15/bin'
$ConnectionString = "Host=127.0.0.1;Port=$PgPort;Username=postgres;Database=chat;Pooling=true;Maximum Pool Size=50"

function Invoke-Native([string]$Command, [string[]]$Arguments) {
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}

function Install-AptPackage([string[]]$Packages) {
    Write-Host "Installing $($Packages -join ', ') with apt-get (missing on this machine)..."
    Invoke-Native 'apt-get' @('update', '-qq')
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native 'apt-get' (@('install', '-y', '-qq') + $Packages)
}

# The server's build installs the web client's npm packages (Chat.Server.csproj), so it needs npm.
function Install-Npm {
    if (-not (Get-Command 'npm' -ErrorAction SilentlyContinue)) { Install-AptPackage @('nodejs', 'npm') }
}

# The browser tests drive Debian's Chromium; Playwright's own browser download does not work here.
function Install-Chromium {
    if (-not (Test-Path '/usr/bin/chromium')) { Install-AptPackage @('chromium') }
}

function As-Postgres([string]$Command) {
    Invoke-Native 'su' @('postgres', '-s', '/bin/sh', '-c', $Command)
}

# The postgres OS user must be able to reach the data folder; a fresh clone under a 0700 temp folder
# would block it, so grant traverse (x) on each parent that lacks it.
function Grant-Traverse([string]$Path) {
    $dir = Split-Path -Parent $Path
    while ($dir -and $dir -ne '/') {
        & su postgres -s /bin/sh -c "test -x '$dir'"
        if ($LASTEXITCODE -ne 0) { Invoke-Native 'chmod' @('o+x', $dir) }
        $dir = Split-Path -Parent $dir
    }
}

function Start-Postgres {
    if (-not (Test-Path "$PgBin/pg_ctl")) { Install-AptPackage 'postgresql' }
    New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
    Grant-Traverse $PgData
    if (-not (Test-Path (Join-Path $PgData 'PG_VERSION'))) {
        New-Item -ItemType Directory -Force -Path $PgData | Out-Null
        Invoke-Native 'chown' @('postgres:postgres', $PgData)
        Invoke-Native 'chmod' @('700', $PgData)
        As-Postgres "$PgBin/initdb -D '$PgData' -U postgres --auth=trust -E UTF8 >/dev/null"
        # Loopback only, socket inside the data folder; sized for a 2-core development machine.
        Add-Content (Join-Path $PgData 'postgresql.conf') @"
listen_addresses = '127.0.0.1'
port = $PgPort
unix_socket_directories = '$PgData'
max_connections = 200
shared_buffers = 256MB
fsync = on
synchronous_commit = on
"@
    }
    & su postgres -s /bin/sh -c "$PgBin/pg_ctl -D '$PgData' status" *> $null
    if ($LASTEXITCODE -ne 0) {
        # Fewer, spread-out checkpoints: a chat is a steady stream of small commits (docs/benchmarks.md).
        $tuning = '-c max_wal_size=8GB -c checkpoint_timeout=15min -c wal_compression=on'
        As-Postgres "$PgBin/pg_ctl -D '$PgData' -w -l '$PgData/server.log' -o '$tuning' start >/dev/null"
    }
    $exists = & su postgres -s /bin/sh -c "psql -h 127.0.0.1 -p $PgPort -U postgres -tAc `"select 1 from pg_database where datname='chat'`""
    if ("$exists".Trim() -ne '1') { As-Postgres "createdb -h 127.0.0.1 -p $PgPort -U postgres chat" }
    Write-Host "PostgreSQL is up on 127.0.0.1:$PgPort (data in $PgData)"
}

# Tests that need a database of their own (several nodes, a rebuild, the analytics stream) each create a schema
# named chat_t_PURPOSE_HEX (TestDatabase.PrivateSchema); drop them after the run so a development cluster does not
# collect them run after run.
function Remove-TestSchemas {
    $sql = "set client_min_messages to warning; do `$`$ declare s text; begin for s in select nspname from pg_namespace " +
        "where nspname ~ '^chat_t_[a-z]+_[0-9a-f]+`$' loop " +
        "execute format('drop schema %I cascade', s); end loop; end `$`$;"
    $sql | & su postgres -s /bin/sh -c "psql -q -h 127.0.0.1 -p $PgPort -U postgres -d chat" | Out-Null
    if ($LASTEXITCODE -ne 0) { Write-Warning 'Could not drop the test schemas; they stay in the development cluster.' }
}

function Stop-Postgres {
    if (Test-Path (Join-Path $PgData 'PG_VERSION')) {
        & su postgres -s /bin/sh -c "$PgBin/pg_ctl -D '$PgData' -m fast stop" *> $null
    }
}

# RabbitMQ for several nodes and the tests: loopback only, ports below the ephemeral range (a busy client
# machine can hold 56730), its files under the data folder, owned by the
# rabbitmq OS user that the Debian scripts switch to.
$RabbitPort = if ($env:CHAT_RABBITMQ_PORT) { [int]$env:CHAT_RABBITMQ_PORT } else { 25680 }
$RabbitDir = Join-Path $DataDir 'rabbitmq'
$RabbitUri = "amqp://guest:guest@127.0.0.1:$RabbitPort/"

function Set-RabbitEnvironment {
    $erlArgs = '-kernel inet_dist_use_interface {127,0,0,1}'
    $env:RABBITMQ_NODENAME = 'chat@localhost'
    $env:RABBITMQ_NODE_IP_ADDRESS = '127.0.0.1'
    $env:RABBITMQ_NODE_PORT = "$RabbitPort"
    $env:RABBITMQ_DIST_PORT = "$($RabbitPort + 1)"
    $env:ERL_EPMD_ADDRESS = '127.0.0.1'
    $env:RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS = $erlArgs
    $env:RABBITMQ_CTL_ERL_ARGS = $erlArgs
    $env:RABBITMQ_MNESIA_BASE = Join-Path $RabbitDir 'mnesia'
    $env:RABBITMQ_LOG_BASE = Join-Path $RabbitDir 'log'
    $env:RABBITMQ_PID_FILE = Join-Path $RabbitDir 'rabbitmq.pid'
    $env:RABBITMQ_ENABLED_PLUGINS_FILE = Join-Path $RabbitDir 'enabled_plugins'
    $env:CHAT_RABBITMQ = $RabbitUri
}

function Start-RabbitMq {
    if (-not (Test-Path '/usr/sbin/rabbitmq-server')) { Install-AptPackage 'rabbitmq-server' }
    Set-RabbitEnvironment
    New-Item -ItemType Directory -Force -Path $RabbitDir | Out-Null
    Grant-Traverse $RabbitDir
    Invoke-Native 'chown' @('-R', 'rabbitmq:rabbitmq', $RabbitDir)
    & rabbitmqctl -q status *> $null
    if ($LASTEXITCODE -ne 0) {
        $log = Join-Path $RabbitDir 'server.out'
        Start-Process -FilePath 'rabbitmq-server' -RedirectStandardOutput $log -RedirectStandardError "$log.err" | Out-Null
        Invoke-Native 'rabbitmqctl' @('-q', 'wait', '--timeout', '120', $env:RABBITMQ_PID_FILE)
    }
    Write-Host "RabbitMQ is up on 127.0.0.1:$RabbitPort (data in $RabbitDir)"
}

function Stop-RabbitMq {
    # Only a node this script started: `rabbitmqctl stop PIDFILE` waits for a pid file that never comes otherwise.
    if ((Test-Path '/usr/sbin/rabbitmq-server') -and (Test-Path (Join-Path $RabbitDir 'rabbitmq.pid'))) {
        Set-RabbitEnvironment
        & rabbitmqctl -q stop $env:RABBITMQ_PID_FILE *> $null
        if (Get-Command epmd -ErrorAction SilentlyContinue) { & epmd -kill *> $null } # the Erlang port mapper it started
    }
}

function Build-Solution {
    Install-Npm
    Invoke-Native 'dotnet' @('build', (Join-Path $Root 'Chat.sln'), '-c', 'Release', '--nologo', '-v', 'q')
}

function Invoke-Tests {
    $env:CHAT_TEST_POSTGRES = $ConnectionString
    $log = Join-Path $DataDir 'test-output.log'
    & dotnet test (Join-Path $Root 'Chat.sln') -c Release --no-build --nologo --logger 'console;verbosity=normal' 2>&1 |
        Tee-Object -FilePath $log | Write-Host
    $code = $LASTEXITCODE
    # One plain closing line that any CI reader understands, from the summary dotnet test prints.
    $summary = Get-Content $log -Raw
    $count = { param($label) $m = [regex]::Match($summary, "(?m)^\s+${label}:\s+(\d+)\s*$"); if ($m.Success) { [int]$m.Groups[1].Value } else { 0 } }
    $passed = & $count 'Passed'; $failed = & $count 'Failed'; $skipped = & $count 'Skipped'
    # The names and messages of failed tests again at the end, where a CI reader that keeps only the tail sees them.
    foreach ($m in [regex]::Matches($summary, '(?ms)^\s+Failed (\S+) \[.*?\r?\n(.*?)(?=^\s+(Passed|Failed|Skipped) \S|^Test Run|\z)')) {
        $lines = $m.Groups[2].Value -split '\r?\n' | Where-Object { $_.Trim() } | Select-Object -First 12
        Write-Host "FAILED $($m.Groups[1].Value)"
        $lines | ForEach-Object { Write-Host "    $($_.Trim())" }
    }
    Write-Host "tests: $passed passed, $failed failed, $skipped skipped"
    if ($code -ne 0) { throw "dotnet test failed with exit code $code" }
    if ($passed -eq 0) { throw 'dotnet test ran no test' }
}

switch ($Target) {
    'infra-up' { Start-Postgres; Start-RabbitMq }
    'infra-down' { Stop-RabbitMq; Stop-Postgres }
    'build' { Build-Solution }
    'run' {
        Start-Postgres
        $env:ConnectionStrings__Postgres = $ConnectionString
        $env:Chat__DataDirectory = $DataDir
        $urls = if ($env:CHAT_URLS) { $env:CHAT_URLS } else { 'http://127.0.0.1:5080' }
        Install-Npm
        Write-Host "Starting the chat server on $urls (Ctrl+C stops it); the web client is at $urls/"
        Invoke-Native 'dotnet' (@('run', '--project', (Join-Path $Root 'Chat.Server'), '-c', 'Release', '--', '--urls', $urls) + $Rest)
    }
    'rebuild-projections' {
        Install-Npm
        Start-Postgres
        $env:ConnectionStrings__Postgres = $ConnectionString
        $env:Chat__DataDirectory = $DataDir
        Invoke-Native 'dotnet' @('run', '--project', (Join-Path $Root 'Chat.Server'), '-c', 'Release', '--', 'rebuild-projections')
    }
    'test' {
        Install-Chromium
        Build-Solution
        Start-Postgres
        Start-RabbitMq
        try { Invoke-Tests } finally { Remove-TestSchemas; Stop-RabbitMq; Stop-Postgres }
    }
    'bench' {
        Build-Solution
        Start-Postgres
        if ($Rest -contains '--nodes') { Start-RabbitMq } # the cross-node run
        try {
            $env:ConnectionStrings__Postgres = $ConnectionString
            $env:Chat__DataDirectory = $DataDir
            Invoke-Native 'dotnet' (@((Join-Path $Root 'Chat.Bench/bin/Release/net10.0/Chat.Bench.dll'), '--server-dll',
                (Join-Path $Root 'Chat.Server/bin/Release/net10.0/Chat.Server.dll'), '--report-dir', (Join-Path $Root 'docs/bench')) + $Rest)
        } finally { Stop-Postgres }
    }
}
