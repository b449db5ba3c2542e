<#
.SYNOPSIS
Starts the SmartData API server (smartdata serve) in portable mode.

.DESCRIPTION
The embedded SQLite database and the server's files live in data\ beside this script, so the whole
folder can be moved or copied to another machine. Ctrl+C stops the server.

The smartdata executable: $env:SMARTDATA_BIN, else smartdata.exe or bin\smartdata.exe beside this
script (the portable ZIP), else the one on PATH (the installer can add it).

.EXAMPLE
.\start_all.ps1
http://127.0.0.1:8000

.EXAMPLE
.\start_all.ps1 -Port 8080 --workers 8
Further arguments are passed on to `smartdata serve`.

.NOTES
If Windows refuses to run scripts: powershell -ExecutionPolicy Bypass -File .\start_all.ps1
#>
# No [CmdletBinding()]: a plain script collects the arguments it does not know (--workers 8) in $args.
param(
    [string] $ListenAddress = $(if ($env:SMARTDATA_HOST) { $env:SMARTDATA_HOST } else { '127.0.0.1' }),
    [int] $Port = $(if ($env:SMARTDATA_PORT) { [int] $env:SMARTDATA_PORT } else { 8000 })
)
$serveArguments = @($args)

$ErrorActionPreference = 'Stop'

$here = $PSScriptRoot
$data = Join-Path $here 'data'
$database = Join-Path $data 'smartdata.db'

function Find-SmartData {
    if ($env:SMARTDATA_BIN) { return $env:SMARTDATA_BIN }
    foreach ($candidate in @((Join-Path $here 'smartdata.exe'), (Join-Path $here 'bin\smartdata.exe'))) {
        if (Test-Path -LiteralPath $candidate -PathType Leaf) { return $candidate }
    }
    $onPath = Get-Command smartdata -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { return $onPath.Source }
    return $null
}

$smartdata = Find-SmartData
if (-not $smartdata -or -not (Test-Path -LiteralPath $smartdata -PathType Leaf)) {
    Write-Error ("[start_all] smartdata.exe not found: put this script beside smartdata.exe (or its bin\), " +
                 "install SmartData, or set SMARTDATA_BIN.")
    exit 1
}

New-Item -ItemType Directory -Force -Path $data | Out-Null
# --db names the database explicitly, so a SMARTDATA_DB in the environment cannot send the server
# elsewhere. SMARTDATA_DATA_DIR moves the logs, the JWT secret and scratch files into data\ too, in
# builds whose core/common/paths.cpp reads it (packaging/README.md, "Portable mode").
$env:SMARTDATA_DATA_DIR = $data
Remove-Item Env:SMARTDATA_DB -ErrorAction SilentlyContinue

Write-Host "[start_all] $(& $smartdata --version) from $smartdata"
Write-Host "[start_all] database $database"
if (-not (Test-Path -LiteralPath $database)) {
    Write-Host '[start_all] first start: the database is created now. The API needs a user to sign in:'
    Write-Host "[start_all]   & `"$smartdata`" --db `"$database`" user add you@example.org --role admin"
}
# The address the server will use: --host/--port given through to serve win over the parameters.
$shownHost = $ListenAddress; $shownPort = $Port
for ($i = 0; $i -lt $serveArguments.Count; $i++) {
    $argument = [string] $serveArguments[$i]
    if ($argument -eq '--host' -and $i + 1 -lt $serveArguments.Count) { $shownHost = $serveArguments[$i + 1] }
    elseif ($argument -eq '--port' -and $i + 1 -lt $serveArguments.Count) { $shownPort = $serveArguments[$i + 1] }
    elseif ($argument -like '--host=*') { $shownHost = $argument.Substring(7) }
    elseif ($argument -like '--port=*') { $shownPort = $argument.Substring(7) }
}
Write-Host "[start_all] API on http://${shownHost}:$shownPort (health: http://${shownHost}:$shownPort/api/health); Ctrl+C stops it"

& $smartdata --db $database serve --host $ListenAddress --port $Port @serveArguments
exit $LASTEXITCODE
