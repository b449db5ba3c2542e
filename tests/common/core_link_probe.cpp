// Links every core library so tests/common/check_headless.cmake can inspect what they pull in.
#include "cli/commandline.h"
#include "storage/database.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const auto invocation = Cli::parseInvocation(app.arguments().mid(1));
    return invocation.command.isEmpty() ? 0 : 1;
}
