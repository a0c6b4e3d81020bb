// The application shell: header, navigation, status bar and the current screen.

import { APP_NAME, MENU_SCREENS, screenHref, useScreen, type ScreenId } from './navigation';
import { StatusBar } from './components/StatusBar';
import { OverviewScreen } from './screens/OverviewScreen';
import { LogScreen } from './screens/LogScreen';
import { UploadScreen } from './screens/UploadScreen';
import { ErrorsScreen } from './screens/ErrorsScreen';
import { MessagesScreen } from './screens/MessagesScreen';
import { PreviewScreen } from './screens/PreviewScreen';
import { StorageScreen, useAskForPersistenceOnce } from './screens/StorageScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { ImportScreen } from './screens/ImportScreen';
import { HelpScreen } from './screens/HelpScreen';
import { ReloadNotice } from './components/ReloadNotice';
import { useEngineSession } from './session/useEngineSession';
import { UpdatePrompt } from './pwa/UpdatePrompt';
import { useEngineEvents } from './queries/hooks';
import { useUnattendedRun } from './hooks/useUnattendedRun';
import { useScreenChange } from './hooks/useScreenChange';

function Screen({ id }: { id: ScreenId }) {
  switch (id) {
    case 'overview':
      return <OverviewScreen />;
    case 'upload':
      return <UploadScreen />;
    case 'messages':
      return <MessagesScreen />;
    case 'errors':
      return <ErrorsScreen />;
    case 'preview':
      return <PreviewScreen />;
    case 'log':
      return <LogScreen />;
    case 'storage':
      return <StorageScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'import':
      return <ImportScreen />;
    case 'help':
      return <HelpScreen />;
  }
}

export function App() {
  useEngineEvents();
  useEngineSession();
  useAskForPersistenceOnce();
  useUnattendedRun();
  const screen = useScreen();
  useScreenChange(screen);
  return (
    <>
      {/* Moves focus without changing the address: the hash names the screen (navigation.ts). */}
      <a
        className="nhsuk-skip-link"
        href="#maincontent"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('maincontent')?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <span className="nhsuk-header__service-name app-header__title">{APP_NAME}</span>
          </div>
        </div>
        <nav className="app-nav nhsuk-width-container" aria-label="Main">
          <ul className="app-nav__list">
            {MENU_SCREENS.map((s) => (
              <li key={s.id} className="app-nav__item">
                <a className="app-nav__link" href={screenHref(s.id)} aria-current={s.id === screen ? 'page' : undefined}>
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <StatusBar />
      <div className="nhsuk-width-container">
        <UpdatePrompt />
        <ReloadNotice />
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <Screen id={screen} />
        </main>
      </div>
      <footer className="app-footer">
        <div className="nhsuk-width-container">
          <a className="app-footer__link" href={screenHref('help')} aria-current={screen === 'help' ? 'page' : undefined}>Help: the practice extract format</a>
        </div>
      </footer>
    </>
  );
}
