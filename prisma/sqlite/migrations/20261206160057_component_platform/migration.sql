-- CreateTable
CREATE TABLE "ComponentTicket" (
    "componentAppId" TEXT NOT NULL PRIMARY KEY,
    "ticket" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ComponentAuthorizer" (
    "componentAppId" TEXT NOT NULL,
    "authorizerAppId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "refreshToken" TEXT,
    "funcInfo" TEXT NOT NULL DEFAULT '[]',
    "statusAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("componentAppId", "authorizerAppId")
);
